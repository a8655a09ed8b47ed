import { randomUUID } from 'node:crypto';
import type { Clock } from '../domain/clock.ts';
import { notFound } from '../domain/errors.ts';
import { ruleEndingBefore } from '../domain/schedules/end-series.ts';
import {
  buildTemplate,
  type ScheduleInput,
  type ScheduleTemplate,
} from '../domain/schedules/schedule-template.ts';
import { removeRange, parseRanges } from '../domain/instances/materialized-ranges.ts';
import { parseLocalDate, startOfDay } from '../domain/time/date-time.ts';
import { inTransaction, type Repositories } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import type { ScheduleRow } from '../storage/tables.ts';
import type { ConflictService } from './conflict.service.ts';
import type { SpecialistService } from './specialist.service.ts';

/** The template columns a validated schedule maps to. */
export function templateColumns(t: ScheduleTemplate) {
  return {
    title: t.title,
    recurrence_rule: t.ruleText,
    dtstart_local: t.dtstart,
    duration_ms: t.durationMs,
    timezone: t.timeZone,
    exdates: JSON.stringify(t.exdates),
    starts_at: t.startsAt,
    ends_at: t.endsAt,
  };
}

/** Optional behaviour around writes (eager materialization for comparison, cache warm-up). */
export interface ScheduleHooks {
  /** Runs after a template was stored; `RECURRA_MATERIALIZE=eager` generates its horizon here. */
  afterCreate?: (row: ScheduleRow) => Promise<void>;
}

/** Schedules: the one-row templates. Creating one writes that row and nothing else. */
export class ScheduleService {
  constructor(
    private readonly storage: Storage,
    private readonly repos: Repositories,
    private readonly specialists: SpecialistService,
    private readonly clock: Clock,
    private readonly conflicts: ConflictService,
    private readonly hooks: ScheduleHooks = {},
  ) {}

  /**
   * Validates and stores a template: exactly one INSERT, no instance. Unless `allowOverlap`, the
   * overlap check runs first, in the same transaction, with the specialist locked so two
   * concurrent creates cannot both pass it.
   */
  async create(
    specialistId: number,
    input: ScheduleInput,
    allowOverlap = false,
  ): Promise<ScheduleRow> {
    const specialist = await this.specialists.get(specialistId);
    const template = buildTemplate(input, specialist.timezone);
    const now = this.clock.now();
    const row = await inTransaction(this.storage, async (repos) => {
      await repos.schedules.lockSpecialist(specialistId);
      if (!allowOverlap) await this.conflicts.assertTemplateFree(repos, specialistId, template);
      return repos.schedules.insert({
        specialist_id: specialistId,
        recurring_event_id: randomUUID(),
        ...templateColumns(template),
        is_active: 1,
        materialized_ranges: '[]',
        created_at: now,
        updated_at: now,
      });
    });
    await this.hooks.afterCreate?.(row);
    return row;
  }

  async get(specialistId: number, id: number): Promise<ScheduleRow> {
    await this.specialists.get(specialistId);
    const row = await this.repos.schedules.findById(specialistId, id);
    if (!row) throw notFound('schedule', id);
    return row;
  }

  async list(specialistId: number, includeInactive: boolean): Promise<ScheduleRow[]> {
    await this.specialists.get(specialistId);
    return this.repos.schedules.list(specialistId, includeInactive);
  }

  /**
   * Soft delete. Without `fromDate`: the template becomes inactive and its unedited future
   * instances are removed (past ones stay as history). With `fromDate` ("this and following"):
   * the series ends before that local date, and its unedited instances from then on are removed.
   */
  async remove(specialistId: number, id: number, fromDate?: string): Promise<void> {
    const existing = await this.get(specialistId, id);
    const now = this.clock.now();
    const cutMs =
      fromDate === undefined
        ? undefined
        : startOfDay(parseLocalDate(fromDate, 'from'), existing.timezone);
    await inTransaction(this.storage, async (repos) => {
      if (cutMs === undefined || cutMs <= existing.starts_at) {
        await repos.schedules.update(id, { is_active: 0, updated_at: now });
        await repos.instances.deleteUneditedFrom(id, Math.max(now, cutMs ?? now));
        return;
      }
      if (existing.ends_at !== null && existing.ends_at <= cutMs) return; // already over by then
      const rule = existing.recurrence_rule
        ? ruleEndingBefore(existing.recurrence_rule, cutMs, existing.timezone)
        : null;
      await repos.schedules.update(id, {
        recurrence_rule: rule,
        ends_at: cutMs - 1000 + existing.duration_ms,
        materialized_ranges: JSON.stringify(
          removeRange(parseRanges(existing.materialized_ranges), cutMs, Number.MAX_SAFE_INTEGER),
        ),
        updated_at: now,
      });
      await repos.instances.deleteUneditedFrom(id, cutMs);
    });
  }
}
