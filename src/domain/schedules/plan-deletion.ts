import type { Instance } from '../instances/instance.ts';
import { isOverride } from '../instances/instance.ts';
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
  const rule =
    schedule.rule !== null && cutMs > schedule.startsAt
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
  const detached: Instance[] = [];
  for (const r of rows) {
    if (r.startMs >= cutMs) deleted.push(r.id);
    else if (r.originalStartMs >= cutMs) {
      if (r.isException && r.status === 'confirmed') detached.push(r);
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
    detached: detached.filter((r) => isOverride(r)),
  };
}
