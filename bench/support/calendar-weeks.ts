import type { Temporal } from 'temporal-polyfill';
import { todayIn } from '../../src/domain/time/date-time.ts';

/** The zone every benchmark specialist lives in. */
export const BENCH_ZONE = 'Europe/Berlin';

/** The Monday of the week holding `nowMs` in the bench zone, as a plain date. */
export function mondayOf(nowMs: number): Temporal.PlainDate {
  const today = todayIn(nowMs, BENCH_ZONE);
  return today.subtract({ days: today.dayOfWeek - 1 });
}

/** `YYYY-MM-DD` of the Monday `offset` weeks after `monday` (negative: before). */
export function weekStart(monday: Temporal.PlainDate, offset: number): string {
  return monday.add({ weeks: offset }).toString();
}
