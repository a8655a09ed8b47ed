import { randomUUID } from 'node:crypto';
import type { Clock } from '../domain/clock.ts';
import { invalid } from '../domain/errors.ts';
import { formatRule } from '../domain/recurrence/format-rule.ts';
import { parseRuleString } from '../domain/recurrence/parse-rule.ts';
import type { RecurrenceCache } from '../domain/recurrence/recurrence-cache.ts';
import { Recurrence } from '../domain/recurrence/recurrence.ts';
import { unionRanges } from '../domain/instances/materialized-ranges.ts';
import type { Specialist } from '../domain/specialists/specialist.ts';
import { ruleEndingBefore } from '../domain/schedules/end-series.ts';
import { planSeriesEdit, type SeriesEditPlan } from '../domain/schedules/plan-series-edit.ts';
import { validateSchedule, type ScheduleDraft } from '../domain/schedules/schedule-draft.ts';
import { mergePatch, type SchedulePatch } from '../domain/schedules/schedule-patch.ts';
import { recurrenceOf, type Schedule } from '../domain/schedules/schedule.ts';
import {
  epochMsToLocal,
  localOfWall,
  localToEpochMs,
  parseLocalDate,
  startOfDay,
} from '../domain/time/date-time.ts';
import { inTransaction, type Repositories } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import { changeOf } from '../domain/changes/change.ts';
import type { BookingGuard } from './booking-guard.ts';
import type { ChangeRecorder } from './change-recorder.ts';
import type { ConflictService } from './conflict.service.ts';
import { detachAsOneOff } from './detach-occurrence.ts';
import { draftFields, ScheduleService } from './schedule.service.ts';

const MAX_RECONCILE = 100_000;

/**
 * Series edits: `all` rewrites the schedule, `following` splits it at a date. The plan (which
 * hand-made change goes where, which rows change) is pure domain; this applies it in the one
 * transaction that holds the specialist's lock, so no view ever sees a half-applied edit.
 */
export class ScheduleEditService {
  constructor(
    private readonly storage: Storage,
    private readonly cache: RecurrenceCache,
    private readonly conflicts: ConflictService,
    private readonly guard: BookingGuard,
    private readonly changes: ChangeRecorder,
    private readonly clock: Clock,
  ) {}

  /** `PATCH …/schedules/{sid}?scope=all`. */
  async editAll(
    specialistId: number,
    scheduleId: number,
    patch: SchedulePatch,
    allowOverlap: boolean,
    force = false,
  ): Promise<Schedule> {
    return inTransaction(this.storage, async (repos) => {
      const { schedule, specialist } = await ScheduleService.lockActive(
        repos,
        specialistId,
        scheduleId,
      );
      const { updated, detached } = await this.editAllLocked(
        repos,
        schedule,
        specialist,
        patch,
        allowOverlap,
      );
      await this.guard.assertKept(repos, specialist, force);
      await this.changes.record(repos, [
        changeOf('schedule.updated', specialistId, updated.id),
        ...detached.map((id) => changeOf('schedule.created', specialistId, id)),
      ]);
      return updated;
    });
  }

  /** `PATCH …/schedules/{sid}?scope=following&from=YYYY-MM-DD`: the shortened and the new schedule. */
  async editFollowing(
    specialistId: number,
    scheduleId: number,
    fromDate: string,
    patch: SchedulePatch,
    allowOverlap: boolean,
    force = false,
  ): Promise<{ previous: Schedule | null; schedule: Schedule }> {
    const from = parseLocalDate(fromDate, 'from');
    if (Object.keys(patch).length === 0)
      throw invalid('the edit changes nothing: send at least one field');
    return inTransaction(this.storage, async (repos) => {
      const { schedule, specialist } = await ScheduleService.lockActive(
        repos,
        specialistId,
        scheduleId,
      );
      const defaultZone = specialist.timeZone;
      const cutMs = startOfDay(from, schedule.timeZone);
      if (schedule.rule === null || cutMs <= schedule.startsAt) {
        // Nothing before the cut: "this and following" is the whole series.
        const { updated, detached } = await this.editAllLocked(
          repos,
          schedule,
          specialist,
          patch,
          allowOverlap,
        );
        await this.guard.assertKept(repos, specialist, force);
        await this.changes.record(repos, [
          changeOf('schedule.updated', specialistId, updated.id),
          ...detached.map((id) => changeOf('schedule.created', specialistId, id)),
        ]);
        return { previous: null, schedule: updated };
      }
      const before = this.cache.get(recurrenceOf(schedule));
      const first =
        schedule.endsAt !== null && schedule.endsAt <= cutMs ? null : before.firstAtOrAfter(cutMs);
      if (!first)
        throw invalid('the series has no occurrence on or after from', {
          field: 'from',
          value: fromDate,
        });
      // The new part starts at its first occurrence (its wall time as the rule names it), keeps the
      // duration, and shares out a COUNT: the occurrences before the cut count, cancelled or not.
      const draft = validateSchedule(
        {
          ...mergePatch(schedule, patch),
          ...(patch.start_datetime === undefined && {
            start_datetime: localOfWall(first.wallMs),
            // A local end like mergePatch's: in a new zone the wall times are kept.
            end_datetime:
              patch.end_datetime ??
              epochMsToLocal(first.startMs + schedule.durationMs, schedule.timeZone),
          }),
          recurrence_rule:
            'recurrence_rule' in patch
              ? patch.recurrence_rule
              : remainingRule(schedule, before, cutMs),
          exdates: patch.exdates ?? [],
        },
        defaultZone,
      );
      if (draft.startsAt < cutMs)
        throw invalid('start_datetime must be on or after from', {
          field: 'start_datetime',
          value: patch.start_datetime,
        });
      const rows = await repos.instances.listBySchedule(schedule.id);
      const plan = planSeriesEdit({
        before,
        beforeExdates: schedule.exdates,
        after: this.cache.get(draft),
        givenExdates: patch.exdates === undefined ? null : draft.exdates,
        rows,
        ranges: complete(schedule, specialist),
        cutMs,
        maxOccurrences: MAX_RECONCILE,
      });
      if (!allowOverlap)
        await this.assertFree(repos, schedule, draft, plan, {
          scheduleId: schedule.id,
          fromMs: cutMs,
        });
      const now = this.clock.now();
      const endedRule = ruleEndingBefore(schedule.rule, cutMs, schedule.timeZone);
      const previous = await repos.schedules.update(schedule.id, {
        rule: endedRule,
        exdates: plan.previousExdates,
        endsAt: new Recurrence({
          rule: parseRuleString(endedRule),
          dtstart: schedule.dtstart,
          timeZone: schedule.timeZone,
          durationMs: schedule.durationMs,
        }).lifetime().endMs,
        updatedAt: now,
      });
      // Every remembered window stays true for both parts: the old one has nothing from the cut
      // on, the new one nothing before it, and the plan stores the new part's rows there.
      const created = await repos.schedules.insert({
        specialistId,
        recurringEventId: randomUUID(),
        ...draftFields(draft),
        exdates: plan.exdates,
        isActive: true,
        deletedAt: null,
        materializedRanges: complete(schedule, specialist),
        createdAt: now,
      });
      const detached = await this.apply(repos, plan, schedule, created, now);
      await this.guard.assertKept(repos, specialist, force);
      await this.changes.record(repos, [
        changeOf('schedule.updated', specialistId, previous.id),
        changeOf('schedule.created', specialistId, created.id),
        ...detached.map((id) => changeOf('schedule.created', specialistId, id)),
      ]);
      return { previous, schedule: created };
    });
  }

  private async editAllLocked(
    repos: Repositories,
    schedule: Schedule,
    specialist: Specialist,
    patch: SchedulePatch,
    allowOverlap: boolean,
  ): Promise<{ updated: Schedule; detached: number[] }> {
    const draft = validateSchedule(mergePatch(schedule, patch), specialist.timeZone);
    const ranges = complete(schedule, specialist);
    const plan = planSeriesEdit({
      before: this.cache.get(recurrenceOf(schedule)),
      beforeExdates: schedule.exdates,
      after: this.cache.get(draft),
      givenExdates: patch.exdates === undefined ? null : draft.exdates,
      rows: await repos.instances.listBySchedule(schedule.id),
      ranges,
      cutMs: null,
      maxOccurrences: MAX_RECONCILE,
    });
    const retimes =
      draft.rule !== schedule.rule ||
      draft.dtstart !== schedule.dtstart ||
      draft.durationMs !== schedule.durationMs ||
      draft.timeZone !== schedule.timeZone ||
      plan.exdates.join() !== schedule.exdates.join();
    // A title alone moves nothing: an overlap that existed before is not this edit's to refuse.
    if (!allowOverlap && retimes)
      await this.assertFree(repos, schedule, draft, plan, {
        scheduleId: schedule.id,
        fromMs: Number.NEGATIVE_INFINITY,
      });
    const now = this.clock.now();
    const updated = await repos.schedules.update(schedule.id, {
      ...draftFields(draft),
      exdates: plan.exdates,
      materializedRanges: ranges,
      updatedAt: now,
    });
    const detached = await this.apply(repos, plan, schedule, updated, now);
    return { updated, detached };
  }

  /** The edited part's plain occurrences may not overlap anything else the specialist has. */
  private async assertFree(
    repos: Repositories,
    schedule: Schedule,
    draft: ScheduleDraft,
    plan: SeriesEditPlan,
    replaces: { scheduleId: number; fromMs: number },
  ): Promise<void> {
    const recurrence = this.cache.get(draft);
    const taken = new Set([
      ...plan.exdates.map((e) => localToEpochMs(e, draft.timeZone)),
      ...plan.rekeyed.map((r) => r.originalStartMs),
    ]);
    await this.conflicts.assertFree(repos, {
      specialistId: schedule.specialistId,
      occurrences: this.conflicts.proposal(recurrence, taken),
      pattern: this.conflicts.pattern(recurrence),
      replaces,
    });
  }

  /** Applies a plan: the order keeps the unique (schedule, original start) free at every step. */
  private async apply(
    repos: Repositories,
    plan: SeriesEditPlan,
    owner: Schedule,
    target: Schedule,
    nowMs: number,
  ): Promise<number[]> {
    await repos.instances.deleteByIds(plan.deleted);
    const detached: number[] = [];
    for (const row of plan.detached)
      detached.push((await detachAsOneOff(repos, owner, row, nowMs, null)).id);
    await repos.instances.rekey(plan.rekeyed.map((r) => ({ ...r, scheduleId: target.id })));
    for (const r of plan.retimed)
      await repos.instances.update(r.instanceId, { startMs: r.startMs, endMs: r.endMs });
    await repos.instances.insertMissing(
      plan.inserted.map((o) => ({
        scheduleId: target.id,
        specialistId: target.specialistId,
        startMs: o.startMs,
        endMs: o.endMs,
      })),
      nowMs,
    );
    return detached;
  }
}

/**
 * Where a schedule's rows are complete: its own remembered windows, and the specialist's (all of
 * its schedules complete there, this one trivially where it had no occurrence). After an edit
 * the schedule's occurrences must exist in all of them, wherever the edit moved them.
 */
function complete(schedule: Schedule, specialist: Specialist) {
  return unionRanges(schedule.materializedRanges, specialist.materializedRanges);
}

/** The old rule for the part from the cut on: a COUNT keeps counting what is left of it. */
function remainingRule(schedule: Schedule, recurrence: Recurrence, cutMs: number): string | null {
  if (schedule.rule === null) return null;
  const rule = parseRuleString(schedule.rule);
  if (rule.count === undefined) return schedule.rule;
  const left = rule.count - recurrence.countBefore(cutMs);
  return formatRule({ ...rule, count: Math.max(1, left) }, schedule.timeZone);
}
