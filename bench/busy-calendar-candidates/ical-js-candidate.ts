import ICAL from 'ical.js';
import { wallToEpochMs } from '../../src/domain/time/zone-offsets.ts';
import { calendarZoneOf, clipped, type Candidate, type CandidateOccurrence } from './candidate.ts';

const MARGIN_MS = 31 * 86_400_000;

/** What `getOccurrenceDetails` returns (its declared type does not resolve). */
interface OccurrenceDetails {
  item: ICAL.Event;
  startDate: ICAL.Time;
  endDate: ICAL.Time;
}

/**
 * ical.js 2 alone, as its README shows: ICAL.Event per series with its RECURRENCE-ID exceptions,
 * `iterator()` from DTSTART until past the window (plus a margin for moved instances),
 * `getOccurrenceDetails()` for each. VTIMEZONEs come from the same
 * calendar (ical.js's per-calendar cache); a TZID without one is unknown to ical.js (it ships no
 * tz database), so such a time is floating and read in the calendar zone.
 */
export const icalJsCandidate: Candidate = {
  name: 'ical.js 2.2.1 (Event + iterator)',
  expand(ics, fromMs, toMs) {
    const zone = calendarZoneOf(ics);
    const cal = new ICAL.Component(ICAL.parse(ics) as unknown[]);
    const toMsOf = (t: ICAL.Time): number => {
      const floating = t.isDate || !t.zone || t.zone.tzid === 'floating';
      if (!floating) return t.toUnixTime() * 1000;
      const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
      return wallToEpochMs(wall, zone);
    };
    const vevents = cal.getAllSubcomponents('vevent');
    const out: CandidateOccurrence[] = [];
    const blocks = (c: ICAL.Component) =>
      String(c.getFirstPropertyValue('transp') ?? '').toUpperCase() !== 'TRANSPARENT' &&
      String(c.getFirstPropertyValue('status') ?? '').toUpperCase() !== 'CANCELLED';
    const uidOf = (v: ICAL.Component) => String(v.getFirstPropertyValue('uid'));
    const overrides = new Map<string, ICAL.Component[]>();
    for (const v of vevents) {
      if (v.hasProperty('recurrence-id'))
        overrides.set(uidOf(v), [...(overrides.get(uidOf(v)) ?? []), v]);
    }
    // `new ICAL.Event(vevent)` alone relates EVERY RECURRENCE-ID VEVENT of the calendar to the
    // series, whatever its UID (and `strictExceptions` throws instead of skipping): an override of
    // one series at 12:15 replaces another series' 12:15 instance. So exceptions are passed.
    const masters = new Map<string, ICAL.Event>();
    for (const v of vevents) {
      if (!v.hasProperty('recurrence-id')) {
        masters.set(uidOf(v), new ICAL.Event(v, { exceptions: overrides.get(uidOf(v)) ?? [] }));
      }
    }
    for (const [uid, list] of overrides) {
      if (masters.has(uid)) continue;
      list.forEach((v, i) =>
        masters.set(`${uid}#orphan${i}`, new ICAL.Event(v, { exceptions: [] })),
      );
    }
    for (const [key, event] of masters) {
      const uid = key.replace(/#orphan\d+$/, '');
      if (!event.isRecurring()) {
        if (blocks(event.component)) {
          clipped(out, uid, toMsOf(event.startDate), toMsOf(event.endDate), fromMs, toMs);
        }
        continue;
      }
      const it = event.iterator();
      for (let next = it.next(); next; next = it.next()) {
        if (toMsOf(next) > toMs + MARGIN_MS) break;
        const details = event.getOccurrenceDetails(next) as OccurrenceDetails;
        if (!blocks(details.item.component)) continue;
        clipped(out, uid, toMsOf(details.startDate), toMsOf(details.endDate), fromMs, toMs);
      }
    }
    return out;
  },
};
