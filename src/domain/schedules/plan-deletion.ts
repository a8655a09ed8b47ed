import type { Instance } from '../instances/instance.ts';
import { Recurrence } from '../recurrence/recurrence.ts';
import { parseRuleString } from '../recurrence/parse-rule.ts';
import { localToEpochMs, type LocalDateTime } from '../time/date-time.ts';
import { ruleEndingBefore } from './end-series.ts';
import type { Schedule } from './schedule.ts';

/** The schedule columns a deletion changes. */
export interface DeletedScheduleChanges {
  readonly rule: string | null;
  readonly exdates: LocalDateTime[];
  readonly isActive: boolean;
  readonly deletedAt: number | null;
  readonly endsAt: number | null;
}

/** What deleting a schedule (now, or from a date on) does to it and its rows. */
export interface DeletionPlan {
  readonly changes: DeletedScheduleChanges;
  /** Rows to delete: every occurrence from the cut on, edited or not. */
  readonly deleted: number[];
  /** Edited rows moved from before the cut to after it: they go, and their slot stays empty. */
  readonly cancelled: number[];
  /** Edited occurrences that happen before the cut although their occurrence is after it: kept alone. */
  readonly detached: Instance[];
}

/**
 * Plans `DELETE …/schedules/{sid}` (`mode: 'delete'`, the cut is now: the schedule becomes
 * inactive, history before the cut stays, in the view and in the feed alike) or
 * `DELETE …?from=` (`mode: 'from'`, the series ends before the cut; from its first occurrence on
 * that is the whole series). Everything starting at or after the cut goes, edited or not.
 *
 * @example planDeletion(schedule, rows, Date.parse('2026-12-02T10:00:00Z'), 'delete')
 */
export function planDeletion(
  schedule: Schedule,
  rows: readonly Instance[],
  cutMs: number,
  mode: 'delete' | 'from',
): DeletionPlan {
  const ends = mode === 'delete' || cutMs <= schedule.startsAt;
  // A series already over by the cut keeps its rule: UNTIL is never pushed later.
  const lastStart = schedule.endsAt === null ? null : schedule.endsAt - schedule.durationMs;
  const rule =
    schedule.rule !== null &&
    cutMs > schedule.startsAt &&
    (lastStart === null || lastStart >= cutMs)
      ? ruleEndingBefore(schedule.rule, cutMs, schedule.timeZone)
      : schedule.rule;
  const deletedAt = ends ? cutMs : null;
  const endsAt = new Recurrence({
    rule: rule === null ? null : parseRuleString(rule),
    dtstart: schedule.dtstart,
    timeZone: schedule.timeZone,
    durationMs: schedule.durationMs,
    endsBeforeMs: deletedAt,
  }).lifetime().endMs;
  const deleted: number[] = [];
  const cancelled: number[] = [];
  const detached: Instance[] = [];
  for (const r of rows) {
    const before = r.originalStartMs < cutMs;
    const edited = r.isException && r.status === 'confirmed';
    if (r.startMs >= cutMs) {
      // Moved past the cut from a slot before it: cancelling (not deleting) keeps that slot from
      // coming back as a plain occurrence the person had moved away.
      if (before && edited) cancelled.push(r.id);
      else if (!before) deleted.push(r.id);
    } else if (!before) {
      if (edited) detached.push(r);
      else deleted.push(r.id);
    }
  }
  return {
    changes: {
      rule,
      exdates: schedule.exdates.filter((e) => localToEpochMs(e, schedule.timeZone) < cutMs),
      isActive: !ends,
      deletedAt,
      endsAt,
    },
    deleted,
    cancelled,
    detached,
  };
}
