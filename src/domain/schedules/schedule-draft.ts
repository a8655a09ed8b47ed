import { invalid } from '../errors.ts';
import { formatRule } from '../recurrence/format-rule.ts';
import { parseRule } from '../recurrence/parse-rule.ts';
import type { RecurrenceRule } from '../recurrence/recurrence-rule.ts';
import { Recurrence } from '../recurrence/recurrence.ts';
import { parseDateTimeInput, type LocalDateTime } from '../time/date-time.ts';
import { DAY_MS } from '../time/durations.ts';
import { assertTimeZone } from '../time/time-zone.ts';

/** The fields a client sends to describe a schedule (create, or the merged result of an edit). */
export interface ScheduleInput {
  readonly title: string;
  readonly start_datetime: string;
  readonly end_datetime: string;
  readonly timezone?: string | undefined;
  readonly recurrence_rule?: string | Record<string, unknown> | null | undefined;
  readonly exdates?: readonly string[] | undefined;
}

/** A validated schedule, not yet stored: what one schedule row holds. */
export interface ScheduleDraft {
  readonly title: string;
  readonly timeZone: string;
  readonly dtstart: LocalDateTime;
  readonly durationMs: number;
  /** Canonical RRULE value, null for a one-off event. */
  readonly rule: string | null;
  readonly parsedRule: RecurrenceRule | null;
  readonly exdates: readonly LocalDateTime[];
  /** First occurrence's start; last occurrence's end (null: no end). */
  readonly startsAt: number;
  readonly endsAt: number | null;
}

export const MAX_DURATION_MS = 7 * DAY_MS;
export const MAX_EXDATES = 1000;

/**
 * Validates a schedule and derives its row: local DTSTART, exact duration (RFC 5545: DTEND −
 * DTSTART is an exact duration applied to every occurrence), canonical rule, exdates and
 * lifetime. Expands nothing except the last occurrence of a COUNT rule (COUNT is capped).
 *
 * @example validateSchedule({ title: 'Clinic', start_datetime: '2026-12-05T09:00', end_datetime: '2026-12-05T17:00', recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA' }, 'Europe/Berlin')
 */
export function validateSchedule(input: ScheduleInput, defaultTimeZone: string): ScheduleDraft {
  const title = input.title.trim();
  if (title.length === 0) throw invalid('title must not be empty', { field: 'title' });
  const timeZone = assertTimeZone(input.timezone ?? defaultTimeZone);
  const start = parseDateTimeInput(input.start_datetime, timeZone, 'start_datetime');
  const end = parseDateTimeInput(input.end_datetime, timeZone, 'end_datetime');
  const durationMs = end.epochMs - start.epochMs;
  if (durationMs <= 0)
    throw invalid('end_datetime must be after start_datetime', {
      field: 'end_datetime',
      value: input.end_datetime,
    });
  if (durationMs > MAX_DURATION_MS)
    throw invalid('an occurrence may last at most 7 days', {
      field: 'end_datetime',
      value: input.end_datetime,
    });
  const exdatesIn = input.exdates ?? [];
  if (exdatesIn.length > MAX_EXDATES)
    throw invalid(`at most ${MAX_EXDATES} exdates`, { field: 'exdates' });
  const exdates = [
    ...new Set(exdatesIn.map((e) => parseDateTimeInput(e, timeZone, 'exdates').local)),
  ].sort();
  const raw = input.recurrence_rule;
  const parsedRule = raw === null || raw === undefined || raw === '' ? null : parseRule(raw);
  const rule = parsedRule ? formatRule(parsedRule, timeZone) : null;
  const lifetime = new Recurrence({
    rule: parsedRule,
    dtstart: start.local,
    timeZone,
    durationMs,
  }).lifetime();
  return {
    title,
    timeZone,
    dtstart: start.local,
    durationMs,
    rule,
    parsedRule,
    exdates,
    startsAt: lifetime.startMs,
    endsAt: lifetime.endMs,
  };
}
