import ICAL from 'ical.js';
import rrulePackage from 'rrule';
import { parseRule } from '../../src/domain/recurrence/parse-rule.ts';
import { Recurrence } from '../../src/domain/recurrence/recurrence.ts';
import {
  epochMsToLocal,
  localToEpochMs,
  parseLocalDate,
  startOfDay,
} from '../../src/domain/time/date-time.ts';
import type { RuleCase } from './arbitraries.ts';

export const HOUR_MS = 3_600_000;

/** A generated schedule: zone, DTSTART wall time, rule. */
export interface ScheduleCase {
  readonly zone: string;
  readonly dtstart: string;
  readonly rule: RuleCase;
}

/** Our series for a generated case (one hour long, no exdates). */
export function seriesOf(c: ScheduleCase, durationMs = HOUR_MS): Recurrence {
  return new Recurrence({
    rule: parseRule(c.rule.object),
    dtstart: c.dtstart,
    timeZone: c.zone,
    durationMs,
  });
}

/** `[start 00:00, end + 1 day 00:00)` of inclusive local dates, as the contract defines a window. */
export function windowMs(zone: string, w: { start: string; end: string }): [number, number] {
  return [
    startOfDay(parseLocalDate(w.start, 'start'), zone),
    startOfDay(parseLocalDate(w.end, 'end').add({ days: 1 }), zone),
  ];
}

function icalWalls(text: string, dtstart: string, stopWallMs: number): string[] {
  const it = ICAL.Recur.fromString(text).iterator(ICAL.Time.fromDateTimeString(dtstart));
  const walls: string[] = [];
  for (let n = 0, next = it.next(); next && n < 100_000; n++, next = it.next()) {
    const wall = next.toString().slice(0, 19);
    if (Date.parse(`${wall}Z`) > stopWallMs) break;
    walls.push(wall);
  }
  return walls;
}

/**
 * ical.js's expansion of the rule from a floating DTSTART (local wall times, no VTIMEZONE), each
 * wall time then placed in the zone as the contract says (gap forward, fold earlier); the starts
 * of occurrences overlapping `[fromMs, toMs)`.
 */
export function icalStarts(
  c: ScheduleCase,
  fromMs: number,
  toMs: number,
  durationMs = HOUR_MS,
): number[] {
  return icalWalls(c.rule.floatingText, c.dtstart, toMs + 3 * 86_400_000)
    .map((w) => localToEpochMs(w, c.zone))
    .filter((ms) => ms > fromMs - durationMs && ms < toMs);
}

/**
 * The case with DTSTART moved to the first date its rule selects (same wall-clock time), or null
 * if the rule selects nothing within 8 years or its UNTIL falls before. RFC 5545 leaves the set of
 * an unsynchronized DTSTART undefined, and ical.js then errs (FREQ=WEEKLY;BYMONTH=11 from a June
 * DTSTART yields a June Tuesday), so the comparison with ical.js uses synchronized ones.
 */
export function synchronized(c: ScheduleCase): ScheduleCase | null {
  const { count: _count, until, ...open } = c.rule.object;
  const series = new Recurrence({
    rule: parseRule(open),
    dtstart: c.dtstart,
    timeZone: c.zone,
    durationMs: HOUR_MS,
  });
  const first = series.firstAtOrAfter(localToEpochMs(c.dtstart, c.zone) + 1);
  if (!first) return null;
  const date = epochMsToLocal(first.startMs, c.zone).slice(0, 10);
  if (typeof until === 'string' && until < date) return null;
  return { ...c, dtstart: `${date}T${c.dtstart.slice(11)}` };
}

/**
 * The rrule package's (a port of python-dateutil) expansion, floating like `icalStarts`: a third,
 * independent opinion where ical.js and Recurra differ.
 */
export function rruleStarts(
  c: ScheduleCase,
  fromMs: number,
  toMs: number,
  durationMs = HOUR_MS,
): number[] {
  const options = rrulePackage.RRule.parseString(
    c.rule.floatingText.replace(/UNTIL=(\d{8}T\d{6})/, 'UNTIL=$1Z'),
  );
  const rule = new rrulePackage.RRule({ ...options, dtstart: new Date(`${c.dtstart}Z`) });
  const margin = 3 * 86_400_000;
  return rule
    .between(new Date(fromMs - durationMs - margin), new Date(toMs + margin), true)
    .map((d) => localToEpochMs(d.toISOString().slice(0, 19), c.zone))
    .filter((ms) => ms > fromMs - durationMs && ms < toMs);
}
