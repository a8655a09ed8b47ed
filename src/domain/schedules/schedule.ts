import type { Ranges } from '../instances/materialized-ranges.ts';
import type { StoredRecurrence } from '../recurrence/recurrence-cache.ts';
import { localToEpochMs, type LocalDateTime } from '../time/date-time.ts';

/**
 * A schedule: one stored row holding an RFC 5545 rule, its first occurrence (DTSTART, local wall
 * time) and its zone: a series of occurrences, or a one-off event when `rule` is null.
 */
export interface Schedule {
  readonly id: number;
  readonly specialistId: number;
  /** Stable across edits of this schedule; the feed's UID. A split gets a new one. */
  readonly recurringEventId: string;
  readonly title: string;
  /** Canonical RRULE value; null for a one-off event. */
  readonly rule: string | null;
  readonly dtstart: LocalDateTime;
  readonly durationMs: number;
  readonly timeZone: string;
  /** Local wall times of occurrences that do not happen (RFC 5545 EXDATE). */
  readonly exdates: readonly LocalDateTime[];
  readonly isActive: boolean;
  /** When it was deleted: occurrences starting then or later do not exist (history stays). */
  readonly deletedAt: number | null;
  /** First occurrence's start and last occurrence's end (null: no end), for the window query. */
  readonly startsAt: number;
  readonly endsAt: number | null;
  /** Windows in which every occurrence of this schedule exists as an instance row. */
  readonly materializedRanges: Ranges;
  /** Bumped by every edit (the feed's SEQUENCE). */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The recurrence a schedule describes, as the recurrence cache compiles it. */
export function recurrenceOf(s: Schedule): StoredRecurrence {
  return {
    rule: s.rule,
    dtstart: s.dtstart,
    timeZone: s.timeZone,
    durationMs: s.durationMs,
    endsBeforeMs: s.deletedAt,
  };
}

/** The instants of a schedule's exdates (a local exdate in a spring gap names the shifted instant). */
export function exdateInstants(s: Pick<Schedule, 'exdates' | 'timeZone'>): Set<number> {
  return new Set(s.exdates.map((e) => localToEpochMs(e, s.timeZone)));
}
