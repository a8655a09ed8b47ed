import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { formatOffset } from '../time/zone-offsets.ts';

/** One change of a zone's UTC offset, as a VTIMEZONE observance needs it. */
export interface ZoneTransition {
  /** Local wall time of the change, read in the offset in force before it (RFC 5545 §3.6.5). */
  readonly localStart: string;
  readonly offsetFromMs: number;
  readonly offsetToMs: number;
}

function offsetMs(zdt: Temporal.ZonedDateTime): number {
  return zdt.offsetNanoseconds / 1e6;
}

function wallAt(epochMs: number, offset: number): string {
  return new Date(epochMs + offset).toISOString().slice(0, 19);
}

/**
 * The offset in force on 1 January `fromYear` and every transition until the end of `toYear`,
 * read from the runtime's tz database through Temporal's `getTimeZoneTransition`.
 *
 * @example zoneTransitions('Europe/Berlin', 2026, 2026).transitions.length // 2 (March and October)
 */
export function zoneTransitions(
  timeZone: string,
  fromYear: number,
  toYear: number,
): { initial: ZoneTransition; transitions: ZoneTransition[] } {
  const start = Temporal.PlainDate.from({ year: fromYear, month: 1, day: 1 }).toZonedDateTime({
    timeZone,
  });
  const initialOffset = offsetMs(start);
  const initial = {
    localStart: wallAt(start.epochMilliseconds, initialOffset),
    offsetFromMs: initialOffset,
    offsetToMs: initialOffset,
  };
  const transitions: ZoneTransition[] = [];
  let previous = initialOffset;
  let at: Temporal.ZonedDateTime | null = start.getTimeZoneTransition('next');
  while (at && at.year <= toYear) {
    const to = offsetMs(at);
    // Only an offset change matters to an expansion; a rename alone (e.g. a new abbreviation) is skipped.
    if (to !== previous) {
      transitions.push({
        localStart: wallAt(at.epochMilliseconds, previous),
        offsetFromMs: previous,
        offsetToMs: to,
      });
      previous = to;
    }
    at = at.getTimeZoneTransition('next');
  }
  return { initial, transitions };
}

function observance(t: ZoneTransition, kind: 'standard' | 'daylight'): ICAL.Component {
  const c = new ICAL.Component(kind);
  c.addProperty(new ICAL.Property(['dtstart', {}, 'date-time', t.localStart]));
  c.addProperty(
    new ICAL.Property(['tzoffsetfrom', {}, 'utc-offset', formatOffset(t.offsetFromMs)]),
  );
  c.addProperty(new ICAL.Property(['tzoffsetto', {}, 'utc-offset', formatOffset(t.offsetToMs)]));
  return c;
}

/**
 * A VTIMEZONE for `timeZone` covering `fromYear`..`toYear`: one RRULE-less observance per real
 * transition (exact, and needs no rule inference), preceded by the offset in force at the start.
 * A change to a larger offset is a DAYLIGHT observance, the rest STANDARD; a zone without
 * transitions (Asia/Kathmandu since 1986, UTC) gets a single STANDARD.
 *
 * @example buildVTimezone('Asia/Kathmandu', 2026, 2036).toString() // BEGIN:VTIMEZONE … one STANDARD …
 */
export function buildVTimezone(timeZone: string, fromYear: number, toYear: number): ICAL.Component {
  const { initial, transitions } = zoneTransitions(timeZone, fromYear, toYear);
  const vtz = new ICAL.Component('vtimezone');
  vtz.addPropertyWithValue('tzid', timeZone);
  // In January the southern hemisphere is on summer time: then the first change lowers the offset.
  const first = transitions[0];
  const initialKind = first && first.offsetToMs < first.offsetFromMs ? 'daylight' : 'standard';
  vtz.addSubcomponent(observance(initial, initialKind));
  for (const t of transitions) {
    vtz.addSubcomponent(observance(t, t.offsetToMs > t.offsetFromMs ? 'daylight' : 'standard'));
  }
  return vtz;
}
