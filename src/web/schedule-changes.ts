import { addDays } from './wall-time.ts';

/** What the schedule form holds, as the API would take it (wall times in `timezone`). */
export interface ScheduleFormValues {
  readonly title: string;
  readonly date: string;
  readonly start: string;
  readonly end: string;
  readonly timezone: string;
  /** The rule the form's repeat fields make, null for "Does not repeat". */
  readonly rule: string | null;
}

/** A PATCH body for a schedule: only the fields it changes. */
export interface SchedulePatchBody {
  title?: string;
  start_datetime?: string;
  end_datetime?: string;
  timezone?: string;
  recurrence_rule?: string | null;
}

/**
 * The fields a person changed between opening the form and saving it, as a PATCH body; empty
 * when nothing changed. The rule is compared as the form builds it on both sides, never with
 * the stored text, so a rule that was merely displayed is never sent back. A changed date or
 * time sends both start and end: the server would otherwise keep the old duration.
 * @example scheduleChanges(opened, { ...opened, title: 'Late clinic' }) → { title: 'Late clinic' }
 */
export function scheduleChanges(
  opened: ScheduleFormValues,
  now: ScheduleFormValues,
): SchedulePatchBody {
  const patch: SchedulePatchBody = {};
  if (now.title !== opened.title) patch.title = now.title;
  if (now.date !== opened.date || now.start !== opened.start || now.end !== opened.end) {
    Object.assign(patch, blockTimes(now.date, now.start, now.end));
  }
  if (now.timezone !== opened.timezone) patch.timezone = now.timezone;
  if (now.rule !== opened.rule) patch.recurrence_rule = now.rule;
  return patch;
}

/**
 * A block's start and end as local wall times; an end before the start is on the next day.
 * @example blockTimes('2026-12-07', '22:00', '02:00') → { start_datetime: '2026-12-07T22:00:00', end_datetime: '2026-12-08T02:00:00' }
 */
export function blockTimes(
  date: string,
  start: string,
  end: string,
): { start_datetime: string; end_datetime: string } {
  const endDate = end < start ? addDays(date, 1) : date;
  return { start_datetime: `${date}T${start}:00`, end_datetime: `${endDate}T${end}:00` };
}
