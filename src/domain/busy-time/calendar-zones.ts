import type ICAL from 'ical.js';
import { isTimeZone } from '../time/time-zone.ts';
import type { CalendarTime } from './calendar-time.ts';
import { zoneFromVTimezone } from './vtimezone-zone.ts';
import { ianaZone, UTC_ZONE, type WallClockZone } from './wall-clock-zone.ts';
import { windowsToIana } from './windows-zones.ts';

/**
 * The zones of one calendar, resolved once per TZID, in this order:
 * 1. the calendar's own VTIMEZONE with that TZID (RFC 5545: the definition travels with the data;
 *    this is how Outlook's "Customized Time Zone" works);
 * 2. an IANA name of the runtime's tz database (Google, Apple, Nextcloud; also TZIDs used without
 *    a VTIMEZONE);
 * 3. a Windows zone ID ("W. Europe Standard Time") through CLDR's mapping;
 * 4. a Mozilla-style path ("/mozilla.org/20050126_1/Europe/Berlin") by its IANA tail;
 * otherwise the calendar zone, with a warning.
 * The calendar zone — for floating times and all-day dates — is X-WR-TIMEZONE when it resolves,
 * else UTC. VTIMEZONE zones are exact from a year before `coverFromMs` (the earliest DTSTART)
 * to `untilMs`.
 */
export class CalendarZones {
  readonly calendarZone: WallClockZone;
  private readonly definitions = new Map<string, ICAL.Component>();
  private readonly resolved = new Map<string, WallClockZone>();

  constructor(
    vtimezones: readonly ICAL.Component[],
    xWrTimezone: string | null,
    private readonly coverFromMs: number,
    private readonly untilMs: number,
    private readonly warn: (message: string) => void,
  ) {
    for (const vtz of vtimezones) {
      const tzid = vtz.getFirstPropertyValue('tzid');
      if (typeof tzid === 'string' && !this.definitions.has(tzid)) this.definitions.set(tzid, vtz);
    }
    const named = xWrTimezone ? this.lookup(xWrTimezone) : null;
    if (xWrTimezone && named) this.resolved.set(xWrTimezone, named);
    if (xWrTimezone && !named) {
      warn(
        `X-WR-TIMEZONE "${xWrTimezone}" is not a known zone: all-day and floating times read in UTC`,
      );
    }
    this.calendarZone = named ?? UTC_ZONE;
  }

  /**
   * The zone a time is placed in: UTC for a `Z` time, its TZID's zone, else `fallback` (the
   * event's DTSTART zone for its other floating values, the calendar zone for DTSTART itself).
   *
   * @example zones.zoneOf({ wallMs, isDate: false, utc: false, tzid: 'Europe/Berlin' }, zones.calendarZone).id // 'Europe/Berlin'
   */
  zoneOf(time: CalendarTime, fallback: WallClockZone): WallClockZone {
    if (time.utc) return UTC_ZONE;
    if (time.isDate) return this.calendarZone;
    return time.tzid ? this.resolve(time.tzid) : fallback;
  }

  /** The zone for a TZID (see the class comment for the order), cached. */
  resolve(tzid: string): WallClockZone {
    const cached = this.resolved.get(tzid);
    if (cached) return cached;
    let zone = this.lookup(tzid);
    if (!zone) {
      this.warn(
        `TZID "${tzid}" is neither defined by a VTIMEZONE nor a known IANA or Windows zone: read in ${this.calendarZone.id}`,
      );
      zone = this.calendarZone;
    }
    this.resolved.set(tzid, zone);
    return zone;
  }

  private lookup(tzid: string): WallClockZone | null {
    const definition = this.definitions.get(tzid);
    if (definition) {
      const zone = zoneFromVTimezone(definition, this.coverFromMs, this.untilMs);
      if (typeof zone !== 'string') return zone;
      this.warn(`${zone}; using the tz database for "${tzid}" where it can`);
    }
    if (isTimeZone(tzid)) return ianaZone(tzid);
    const windows = windowsToIana(tzid);
    if (windows) return ianaZone(windows);
    const segments = tzid.split('/').filter(Boolean);
    for (let n = Math.min(3, segments.length - 1); n >= 2; n--) {
      const tail = segments.slice(-n).join('/');
      if (isTimeZone(tail)) return ianaZone(tail);
    }
    return null;
  }
}
