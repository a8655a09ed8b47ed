import { invalid } from '../errors.ts';
import { epochMsToLocal, formatInstant, parseDateTimeInput } from '../time/date-time.ts';
import { assertTimeZone } from '../time/time-zone.ts';
import type { Schedule } from './schedule.ts';
import type { ScheduleInput } from './schedule-draft.ts';

/** The fields of a series edit; any subset. */
export interface SchedulePatch {
  readonly title?: string;
  readonly start_datetime?: string;
  readonly end_datetime?: string;
  readonly timezone?: string;
  readonly recurrence_rule?: string | Record<string, unknown> | null;
  readonly exdates?: readonly string[];
}

/**
 * Merges a patch into the current schedule, giving a complete input to validate again. Omitted
 * times keep their local wall time (also when the zone changes, as calendars do); a new start
 * without a new end keeps the duration.
 *
 * @example mergePatch(current, { start_datetime: '2026-12-05T10:00' }) // same 8 h block, an hour later
 */
export function mergePatch(current: Schedule, patch: SchedulePatch): ScheduleInput {
  if (Object.keys(patch).length === 0)
    throw invalid('the edit changes nothing: send at least one field');
  const timeZone = assertTimeZone(patch.timezone ?? current.timeZone);
  const start = patch.start_datetime ?? current.dtstart;
  let end = patch.end_datetime;
  if (end === undefined) {
    end =
      patch.start_datetime === undefined
        ? epochMsToLocal(current.startsAt + current.durationMs, current.timeZone)
        : formatInstant(
            parseDateTimeInput(start, timeZone, 'start_datetime').epochMs + current.durationMs,
            timeZone,
          );
  }
  return {
    title: patch.title ?? current.title,
    start_datetime: start,
    end_datetime: end,
    timezone: timeZone,
    recurrence_rule: 'recurrence_rule' in patch ? patch.recurrence_rule : current.rule,
    exdates: patch.exdates ?? current.exdates,
  };
}
