import type { Temporal } from 'temporal-polyfill';
import { DomainError, invalid } from '../errors.ts';
import { parseLocalDate, startOfDay, todayIn } from '../time/date-time.ts';

/** A window of whole local days: `[startDate 00:00, endDate + 1 day 00:00)` in `timeZone`. */
export interface CalendarWindow {
  readonly startDate: string;
  readonly endDate: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Resolves the contract's `start_date` / `end_date` query: both inclusive; none → the current
 * week Monday to Sunday; only a start → seven days from it; only an end → the seven days ending on it.
 *
 * @example resolveWindow({ startDate: '2026-12-07' }, 'Europe/Berlin', now, 366) // 2026-12-07 … 2026-12-13
 */
export function resolveWindow(
  query: { startDate?: string | undefined; endDate?: string | undefined },
  timeZone: string,
  nowMs: number,
  maxRangeDays: number,
): CalendarWindow {
  let start: Temporal.PlainDate;
  let end: Temporal.PlainDate;
  if (query.startDate !== undefined && query.endDate !== undefined) {
    start = parseLocalDate(query.startDate, 'start_date');
    end = parseLocalDate(query.endDate, 'end_date');
  } else if (query.startDate !== undefined) {
    start = parseLocalDate(query.startDate, 'start_date');
    end = start.add({ days: 6 });
  } else if (query.endDate !== undefined) {
    end = parseLocalDate(query.endDate, 'end_date');
    start = end.subtract({ days: 6 });
  } else {
    const today = todayIn(nowMs, timeZone);
    start = today.subtract({ days: today.dayOfWeek - 1 });
    end = start.add({ days: 6 });
  }
  const days = start.until(end, { largestUnit: 'days' }).days + 1;
  if (days < 1) {
    throw invalid('end_date must not be before start_date', {
      start_date: start.toString(),
      end_date: end.toString(),
    });
  }
  if (days > maxRangeDays) {
    throw new DomainError(
      'range_too_large',
      `the range spans ${days} days; at most ${maxRangeDays} are allowed`,
      {
        days,
        max_range_days: maxRangeDays,
      },
    );
  }
  return {
    startDate: start.toString(),
    endDate: end.toString(),
    fromMs: startOfDay(start, timeZone),
    toMs: startOfDay(end.add({ days: 1 }), timeZone),
  };
}
