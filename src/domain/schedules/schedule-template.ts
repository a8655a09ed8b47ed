import { invalid } from '../errors.ts';
import { formatRule } from '../recurrence/format-rule.ts';
import { parseRule } from '../recurrence/parse-rule.ts';
import type { RecurrenceRule } from '../recurrence/recurrence-rule.ts';
import { Series } from '../recurrence/series.ts';
import { assertTimeZone } from '../time/time-zone.ts';
import { parseDateTimeInput, type LocalDateTime } from '../time/date-time.ts';

/** The fields a client sends to describe a schedule (create, or the merged result of an edit). */
export interface ScheduleInput {
  readonly title: string;
  readonly start_datetime: string;
  readonly end_datetime: string;
  readonly timezone?: string | undefined;
  readonly recurrence_rule?: string | Record<string, unknown> | null | undefined;
  readonly exdates?: readonly string[] | undefined;
}

/** A validated template: what one schedule row stores. */
export interface ScheduleTemplate {
  readonly title: string;
  readonly timeZone: string;
  readonly dtstart: LocalDateTime;
  readonly durationMs: number;
  readonly rule: RecurrenceRule | null;
  /** Canonical RRULE value, null for a one-off event. */
  readonly ruleText: string | null;
  readonly exdates: readonly LocalDateTime[];
  readonly startsAt: number;
  /** End of the last occurrence; null when the series never ends. */
  readonly endsAt: number | null;
}

export const MAX_DURATION_MS = 7 * 86_400_000;
export const MAX_EXDATES = 1000;

/**
 * Validates a schedule and derives the row: local DTSTART, exact duration (RFC 5545: DTEND − DTSTART
 * is an exact duration applied to every occurrence), canonical rule, exdates and lifetime. Expands
 * nothing except the last occurrence of a COUNT rule (COUNT is capped).
 *
 * @example buildTemplate({ title: 'Clinic', start_datetime: '2026-12-05T09:00', end_datetime: '2026-12-05T17:00', recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA' }, 'Europe/Berlin')
 */
export function buildTemplate(input: ScheduleInput, defaultTimeZone: string): ScheduleTemplate {
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
  const rule = raw === null || raw === undefined || raw === '' ? null : parseRule(raw);
  const ruleText = rule ? formatRule(rule, timeZone) : null;
  const series = new Series({ rule, dtstart: start.local, timeZone, durationMs, exdates });
  const lifetime = series.lifetime();
  return {
    title,
    timeZone,
    dtstart: start.local,
    durationMs,
    rule,
    ruleText,
    exdates,
    startsAt: lifetime.startMs,
    endsAt: lifetime.endMs,
  };
}
