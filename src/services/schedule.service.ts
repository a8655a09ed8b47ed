import { randomUUID } from 'node:crypto';
import type { Clock } from '../domain/clock.ts';
import { invalid, notFound } from '../domain/errors.ts';
import type { RecurrenceCache } from '../domain/recurrence/recurrence-cache.ts';
import { planDeletion } from '../domain/schedules/plan-deletion.ts';
import {
  validateSchedule,
  type ScheduleDraft,
  type ScheduleInput,
} from '../domain/schedules/schedule-draft.ts';
import { exdateInstants, type Schedule } from '../domain/schedules/schedule.ts';
import type { Specialist } from '../domain/specialists/specialist.ts';
import { parseLocalDate, startOfDay } from '../domain/time/date-time.ts';
import { SECOND_MS } from '../domain/time/durations.ts';
import type { ScheduleFields } from '../storage/schedule.repository.ts';
import { inTransaction, type Repositories } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import { changeOf } from '../domain/changes/change.ts';
import type { BookingGuard } from './booking-guard.ts';
import type { ChangeRecorder } from './change-recorder.ts';
import type { ConflictService } from './conflict.service.ts';
import { detachAsOneOff } from './detach-occurrence.ts';
import type { SpecialistService } from './specialist.service.ts';

/** The schedule columns a validated draft maps to. */
export function draftFields(d: ScheduleDraft): ScheduleFields {
  return {
    title: d.title,
    rule: d.rule,
    dtstart: d.dtstart,
    durationMs: d.durationMs,
    timeZone: d.timeZone,
    exdates: d.exdates,
    startsAt: d.startsAt,
    endsAt: d.endsAt,
  };
}

/** Optional behaviour after writes (eager materialization, kept for comparison). */
export interface ScheduleHooks {
  /** Runs after a schedule was stored; `RECURRA_MATERIALIZE=eager` generates its horizon here. */
  afterCreate?: (schedule: Schedule) => Promise<void>;
}

/** Schedules: one row each. Creating one writes that row and nothing else. */
export class ScheduleService {
  constructor(
    private readonly storage: Storage,
    private readonly repos: Repositories,
    private readonly specialists: SpecialistService,
    private readonly cache: RecurrenceCache,
    private readonly clock: Clock,
    private readonly conflicts: ConflictService,
    private readonly guard: BookingGuard,
    private readonly changes: ChangeRecorder,
    private readonly hooks: ScheduleHooks = {},
  ) {}

  /**
   * Validates and stores a schedule: exactly one INSERT, no instance. Unless `allowOverlap`, the
   * overlap check runs first, in the same transaction, with the specialist locked so two
   * concurrent creates cannot both pass it.
   */
  async create(
    specialistId: number,
    input: ScheduleInput,
    allowOverlap = false,
  ): Promise<Schedule> {
    const specialist = await this.specialists.get(specialistId);
    const draft = validateSchedule(input, specialist.timeZone);
    const now = this.clock.now();
    const schedule = await inTransaction(this.storage, async (repos) => {
      if (!(await repos.specialists.lockForWrite(specialistId)))
        throw notFound('specialist', specialistId);
      if (!allowOverlap) {
        const recurrence = this.cache.get(draft);
        await this.conflicts.assertFree(repos, {
          specialistId,
          occurrences: this.conflicts.proposal(recurrence, exdateInstants(draft)),
          pattern: this.conflicts.pattern(recurrence),
        });
      }
      // A new schedule has materialized nothing: the specialist's coverage starts over.
      await repos.specialists.setMaterializedRanges(specialistId, []);
      const created = await repos.schedules.insert({
        specialistId,
        recurringEventId: randomUUID(),
        ...draftFields(draft),
        isActive: true,
        deletedAt: null,
        materializedRanges: [],
        createdAt: now,
      });
      await this.changes.record(repos, [changeOf('schedule.created', specialistId, created.id)]);
      return created;
    });
    await this.hooks.afterCreate?.(schedule);
    return schedule;
  }

  async get(specialistId: number, id: number): Promise<Schedule> {
    await this.specialists.get(specialistId);
    const found = await this.repos.schedules.findById(specialistId, id);
    if (!found) throw notFound('schedule', id);
    return found;
  }

  async list(specialistId: number, includeInactive: boolean): Promise<Schedule[]> {
    await this.specialists.get(specialistId);
    return this.repos.schedules.list(specialistId, includeInactive);
  }

  /**
   * Soft delete. Without `fromDate`: the schedule becomes inactive now; every occurrence from now
   * on goes, edited or not, and history stays. With `fromDate` ("this and following"): the series
   * ends before that local date, and everything from it on goes. Idempotent.
   */
  async remove(specialistId: number, id: number, fromDate?: string, force = false): Promise<void> {
    const from = fromDate === undefined ? undefined : parseLocalDate(fromDate, 'from');
    await inTransaction(this.storage, async (repos) => {
      const specialist = await repos.specialists.lockForWrite(specialistId);
      if (!specialist) throw notFound('specialist', specialistId);
      const schedule = await repos.schedules.findById(specialistId, id);
      if (!schedule) throw notFound('schedule', id);
      if (!schedule.isActive) return;
      const now = this.clock.now();
      // Occurrences start on whole seconds: "before now" is "before the next whole second".
      const cutMs =
        from === undefined
          ? Math.ceil(now / SECOND_MS) * SECOND_MS
          : startOfDay(from, schedule.timeZone);
      if (from !== undefined && schedule.endsAt !== null && schedule.endsAt <= cutMs) return;
      const plan = planDeletion(
        schedule,
        await repos.instances.listBySchedule(id),
        cutMs,
        from === undefined ? 'delete' : 'from',
      );
      await repos.schedules.update(id, { ...plan.changes, updatedAt: now });
      await repos.instances.deleteByIds(plan.deleted);
      for (const id of plan.cancelled) await repos.instances.update(id, { status: 'cancelled' });
      const detached: number[] = [];
      for (const row of plan.detached)
        detached.push(
          (await detachAsOneOff(repos, schedule, row, now, from === undefined ? cutMs : null)).id,
        );
      await this.guard.assertKept(repos, specialist, force);
      await this.changes.record(repos, [
        changeOf(plan.changes.isActive ? 'schedule.updated' : 'schedule.deleted', specialistId, id),
        ...detached.map((d) => changeOf('schedule.created', specialistId, d)),
      ]);
    });
  }

  /** A schedule of the specialist, locked for an edit (its specialist's row lock is taken first). */
  static async lockActive(
    repos: Repositories,
    specialistId: number,
    id: number,
  ): Promise<{ schedule: Schedule; specialist: Specialist }> {
    const specialist = await repos.specialists.lockForWrite(specialistId);
    if (!specialist) throw notFound('specialist', specialistId);
    const schedule = await repos.schedules.findById(specialistId, id);
    if (!schedule) throw notFound('schedule', id);
    if (!schedule.isActive)
      throw invalid('the schedule was deleted and cannot be edited', { schedule_id: id });
    return { schedule, specialist };
  }
}
