import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import type { IcalRule } from './ical-rule.ts';

/** What expanding one rule gave: wall-clock starts, or why there are none. */
export type RuleExpansion =
  { readonly walls: number[] } | { readonly tooManySteps: true } | { readonly failed: string };

const floating = (wallMs: number) =>
  Temporal.Instant.fromEpochMilliseconds(wallMs).toZonedDateTimeISO('UTC');

/**
 * The wall-clock starts (ms read as UTC) of `rule` from `dtstartWallMs` that fall in
 * `[fromWallMs, toWallMs]`, sorted. DTSTART is the series' first instance (RFC 5545 §3.8.5.3): the
 * caller adds it, and a COUNT rule counts it (rrule-temporal's `includeDtstart`, which is asked for
 * only then: it makes the library walk from DTSTART, measured 2–3× slower on open rules).
 *
 * Expanded with rrule-temporal on UTC used as a zone-less wall clock, as `Series` does: in a real
 * zone the library drops occurrences that fall in a spring gap, and the caller places each wall
 * time in its zone with the gap and fold rules. UNTIL is not applied exactly here (it may be an
 * instant, a local time or a date): the caller passes a generous `untilWallBoundMs` and compares
 * exactly itself.
 *
 * Bounded: rrule-temporal stops after `maxSteps` recurrence periods (a COUNT rule walks from
 * DTSTART; an open rule jumps to the window) and after its own cap on candidate evaluations, so a
 * runaway rule yields `tooManySteps` instead of a hang. ical.js's own iterator was not used: it
 * walks from DTSTART every time (15 ms for an Outlook VTIMEZONE rule from 1601) and loops forever
 * on `FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30` (see bench/busy-calendar-candidates).
 *
 * @example
 * expandRuleWalls(weeklyMonday, Date.UTC(2026, 0, 5, 9), Date.UTC(2026, 2, 1), Date.UTC(2026, 2, 15), null, 10_000)
 * // { walls: [Date.UTC(2026, 2, 2, 9), Date.UTC(2026, 2, 9, 9)] }
 */
export function expandRuleWalls(
  rule: IcalRule,
  dtstartWallMs: number,
  fromWallMs: number,
  toWallMs: number,
  untilWallBoundMs: number | null,
  maxSteps: number,
): RuleExpansion {
  try {
    const engine = new RRuleTemporal({
      freq: rule.freq,
      interval: rule.interval,
      ...(rule.count !== null && { count: rule.count }),
      ...(untilWallBoundMs !== null && { until: floating(untilWallBoundMs) }),
      ...(rule.byDay && { byDay: rule.byDay }),
      ...(rule.byMonthDay && { byMonthDay: rule.byMonthDay }),
      ...(rule.byMonth && { byMonth: rule.byMonth }),
      ...(rule.byYearDay && { byYearDay: rule.byYearDay }),
      ...(rule.byWeekNo && { byWeekNo: rule.byWeekNo }),
      ...(rule.bySetPos && { bySetPos: rule.bySetPos }),
      ...(rule.byHour && { byHour: rule.byHour }),
      ...(rule.byMinute && { byMinute: rule.byMinute }),
      ...(rule.bySecond && { bySecond: rule.bySecond }),
      ...(rule.wkst && { wkst: rule.wkst }),
      tzid: 'UTC',
      maxIterations: Math.max(1, Math.floor(maxSteps)),
      includeDtstart: rule.count !== null,
      cache: false, // one query per engine: nothing to memoise
      dtstart: floating(dtstartWallMs),
    });
    const found = engine.between(new Date(fromWallMs), new Date(toWallMs), true);
    return { walls: found.map((z) => z.epochMilliseconds) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/Maximum iterations|candidate evaluations/i.test(message)) return { tooManySteps: true };
    return { failed: `${rule.text}: ${message}` };
  }
}
