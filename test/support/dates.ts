import { Temporal } from 'temporal-polyfill';

/**
 * Dates derived from the clock a test runs with, so a test never drifts out of a window that
 * moves with "now" (the storage horizon, min notice, max days ahead). Tests that pin the clock
 * pass their `nowMs`; tests against real server processes use the real one.
 */

/** Today's local date in `zone` at `nowMs`. */
export function todayIn(zone: string, nowMs = Date.now()): string {
  return Temporal.Instant.fromEpochMilliseconds(nowMs)
    .toZonedDateTimeISO(zone)
    .toPlainDate()
    .toString();
}

/**
 * The Monday `weeks` weeks after the Monday of the current week in `zone` (0: this week's).
 *
 * @example mondayWeeksFromNow(2, 'Europe/Berlin') // '2026-12-14' when run on 2026-12-02
 */
export function mondayWeeksFromNow(weeks: number, zone: string, nowMs = Date.now()): string {
  const today = Temporal.PlainDate.from(todayIn(zone, nowMs));
  return today
    .subtract({ days: today.dayOfWeek - 1 })
    .add({ weeks })
    .toString();
}

/** `date` plus `days` (both `YYYY-MM-DD`). */
export function plusDays(date: string, days: number): string {
  return Temporal.PlainDate.from(date).add({ days }).toString();
}
