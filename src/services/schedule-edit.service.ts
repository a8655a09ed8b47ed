import { randomUUID } from 'node:crypto';
import type { Clock } from '../domain/clock.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { parseRanges, removeRange, type Ranges } from '../domain/instances/materialized-ranges.ts';
import { formatRule } from '../domain/recurrence/format-rule.ts';
import { parseRuleString } from '../domain/recurrence/parse-rule.ts';
import type { SeriesCache } from '../domain/recurrence/series-cache.ts';
import type { Occurrence, Series } from '../domain/recurrence/series.ts';
import { ruleEndingBefore } from '../domain/schedules/end-series.ts';
import { mergePatch, type SchedulePatch } from '../domain/schedules/schedule-patch.ts';
import { buildTemplate } from '../domain/schedules/schedule-template.ts';
import {
  epochMsToLocal,
  parseDateTimeInput,
  parseLocalDate,
  startOfDay,
} from '../domain/time/date-time.ts';
import { inTransaction, type Repositories } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import type { InstanceRow, ScheduleRow } from '../storage/tables.ts';
import { epochToWallMs, wallToEpochMs } from '../domain/time/zone-offsets.ts';
import type { ConflictService } from './conflict.service.ts';
import { plainInstanceRow, seriesOfRow } from './template-series.ts';
import { templateColumns } from './schedule.service.ts';

const MAX_RECONCILE = 100_000;

/**
 * Series edits: "all" rewrites the template and corrects its materialized rows in the same
 * transaction (no view ever sees a stale occurrence; remembered windows stay valid), "following"
 * splits the series at a date. Edited and cancelled occurrences are never overwritten.
 */
export class ScheduleEditService {
  constructor(
    private readonly storage: Storage,
    private readonly series: SeriesCache,
    private readonly conflicts: ConflictService,
    private readonly clock: Clock,
  ) {}

  /** `PATCH …/schedules/{sid}?scope=all`. */
  async editAll(
    specialistId: number,
    scheduleId: number,
    patch: SchedulePatch,
    allowOverlap: boolean,
  ): Promise<ScheduleRow> {
    return inTransaction(this.storage, async (repos) => {
      const { row, defaultZone } = await this.lockSchedule(repos, specialistId, scheduleId);
      return this.editAllLocked(repos, row, patch, defaultZone, allowOverlap);
    });
  }

  /** `PATCH …/schedules/{sid}?scope=following&from=YYYY-MM-DD`: returns the shortened and the new series. */
  async editFollowing(
    specialistId: number,
    scheduleId: number,
    fromDate: string,
    patch: SchedulePatch,
    allowOverlap: boolean,
  ): Promise<{ previous: ScheduleRow | null; schedule: ScheduleRow }> {
    const from = parseLocalDate(fromDate, 'from');
    return inTransaction(this.storage, async (repos) => {
      const { row, defaultZone } = await this.lockSchedule(repos, specialistId, scheduleId);
      const cutMs = startOfDay(from, row.timezone);
      if (row.recurrence_rule === null || cutMs <= row.starts_at) {
        // Nothing before the cut: "this and following" is the whole series.
        const all = await this.editAllLocked(repos, row, patch, defaultZone, allowOverlap);
        return { previous: null, schedule: all };
      }
      const oldSeries = this.seriesOf(row);
      const first =
        row.ends_at !== null && row.ends_at <= cutMs ? null : oldSeries.firstAtOrAfter(cutMs);
      if (!first)
        throw invalid('the series has no occurrence on or after from', {
          field: 'from',
          value: fromDate,
        });
      const input = mergePatch(current(row), patch);
      const newStart =
        patch.start_datetime === undefined
          ? epochMsToLocal(first.startMs, row.timezone)
          : input.start_datetime;
      const template = buildTemplate(
        {
          ...input,
          start_datetime: newStart,
          end_datetime:
            patch.start_datetime === undefined && patch.end_datetime === undefined
              ? epochMsToLocal(first.startMs + row.duration_ms, row.timezone)
              : input.end_datetime,
          recurrence_rule:
            'recurrence_rule' in patch
              ? patch.recurrence_rule
              : remainingRule(row, oldSeries, cutMs),
          exdates: (input.exdates ?? []).filter(
            (e) =>
              parseDateTimeInput(e, input.timezone ?? row.timezone, 'exdates').epochMs >= cutMs,
          ),
        },
        defaultZone,
      );
      if (template.startsAt < cutMs)
        throw invalid('start_datetime must be on or after from', {
          field: 'start_datetime',
          value: patch.start_datetime,
        });
      if (!allowOverlap)
        await this.conflicts.assertTemplateFree(repos, specialistId, template, {
          replacesFrom: { scheduleId: row.id, cutMs },
        });
      const now = this.clock.now();
      const ranges = parseRanges(row.materialized_ranges);
      const previous = await repos.schedules.update(row.id, {
        recurrence_rule: ruleEndingBefore(row.recurrence_rule, cutMs, row.timezone),
        ends_at: cutMs - 1000 + row.duration_ms,
        materialized_ranges: JSON.stringify(removeRange(ranges, cutMs, Number.MAX_SAFE_INTEGER)),
        updated_at: now,
      });
      const schedule = await repos.schedules.insert({
        specialist_id: specialistId,
        recurring_event_id: randomUUID(),
        ...templateColumns(template),
        is_active: 1,
        materialized_ranges: JSON.stringify(removeRange(ranges, 0, cutMs)),
        created_at: now,
        updated_at: now,
      });
      // Rows from the cut on: edited/cancelled ones follow their occurrence into the new series
      // when it still has it; plain ones are regenerated there (reconcile below).
      // Rows from the cut on: plain ones are regenerated in the new series (reconcile below);
      // moved and cancelled ones follow their occurrence into it, shifted like its start.
      const later = (await repos.instances.listBySchedule(row.id)).filter(
        (i) => i.original_start >= cutMs,
      );
      await repos.instances.deleteByIds(
        later.filter((i) => i.is_exception === 0 && i.status === 'confirmed').map((i) => i.id),
      );
      for (const i of later) {
        if (i.is_exception === 1 || i.status === 'cancelled')
          await repos.instances.update(i.id, { schedule_id: schedule.id });
      }
      await this.reconcile(repos, schedule, parseRanges(schedule.materialized_ranges), {
        from: row,
        fromWallMs: epochToWallMs(first.startMs, row.timezone),
      });
      return { previous, schedule };
    });
  }

  private async editAllLocked(
    repos: Repositories,
    row: ScheduleRow,
    patch: SchedulePatch,
    defaultZone: string,
    allowOverlap: boolean,
  ): Promise<ScheduleRow> {
    const template = buildTemplate(mergePatch(current(row), patch), defaultZone);
    if (!allowOverlap)
      await this.conflicts.assertTemplateFree(repos, row.specialist_id, template, {
        replaces: row.id,
      });
    const updated = await repos.schedules.update(row.id, {
      ...templateColumns(template),
      updated_at: this.clock.now(),
    });
    await this.reconcile(repos, updated, parseRanges(updated.materialized_ranges), {
      from: row,
      fromWallMs: wallOf(row.dtstart_local),
    });
    return updated;
  }

  private async lockSchedule(
    repos: Repositories,
    specialistId: number,
    scheduleId: number,
  ): Promise<{ row: ScheduleRow; defaultZone: string }> {
    const specialist = await repos.specialists.findById(specialistId);
    if (!specialist) throw notFound('specialist', specialistId);
    await repos.schedules.lockSpecialist(specialistId);
    const [row] = await repos.schedules.lockByIds([scheduleId]);
    if (!row || row.specialist_id !== specialistId) throw notFound('schedule', scheduleId);
    if (row.is_active !== 1)
      throw invalid('the schedule was deleted and cannot be edited', { schedule_id: scheduleId });
    return { row, defaultZone: specialist.timezone };
  }

  /**
   * Makes the template's plain rows match its (new) occurrences: rows no longer an occurrence are
   * removed, changed durations corrected, missing occurrences inside remembered windows inserted.
   * Edited and cancelled rows are left exactly as they are.
   */
  private async reconcile(
    repos: Repositories,
    row: ScheduleRow,
    ranges: Ranges,
    moved?: { from: ScheduleRow; fromWallMs: number },
  ): Promise<void> {
    const series = this.seriesOf(row);
    let rows = await repos.instances.listBySchedule(row.id);
    if (moved)
      rows = await this.shiftOverrides(repos, rows, moved.from.timezone, moved.fromWallMs, row);
    const plain = rows.filter((i) => i.is_exception === 0 && i.status === 'confirmed');
    const expected = new Map<number, Occurrence>();
    for (const o of this.occurrencesNear(
      series,
      plain.map((i) => i.original_start),
    ))
      expected.set(o.startMs, o);
    const inRanges: Occurrence[] = [];
    for (const [a, b] of ranges)
      for (const o of series.overlapping(a, b, MAX_RECONCILE)) inRanges.push(o);
    for (const o of inRanges) expected.set(o.startMs, o);
    const stale = plain.filter((i) => !expected.has(i.original_start));
    await repos.instances.deleteByIds(stale.map((i) => i.id));
    for (const i of plain) {
      const o = expected.get(i.original_start);
      if (o && (i.end_at !== o.endMs || i.start_at !== o.startMs))
        await repos.instances.update(i.id, { start_at: o.startMs, end_at: o.endMs });
    }
    const now = this.clock.now();
    await repos.instances.insertMissing(inRanges.map((o) => plainInstanceRow(row, o, now)));
  }

  /**
   * When the series' start moves (new time, new zone, or a split with a new time), its moved and
   * cancelled occurrences keep pointing at the same occurrence: their original start shifts by the
   * same wall-clock amount, as calendar clients shift RECURRENCE-IDs. A plain row already at the
   * shifted slot gives way to the override. Returns the rows as they are afterwards.
   */
  private async shiftOverrides(
    repos: Repositories,
    rows: InstanceRow[],
    oldZone: string,
    oldWallMs: number,
    row: ScheduleRow,
  ): Promise<InstanceRow[]> {
    const delta = wallOf(row.dtstart_local) - oldWallMs;
    if (delta === 0 && oldZone === row.timezone) return rows;
    const overrides = rows.filter((i) => i.is_exception === 1 || i.status === 'cancelled');
    const shifted = new Map(
      overrides.map((i) => [
        i.id,
        wallToEpochMs(epochToWallMs(i.original_start, oldZone) + delta, row.timezone),
      ]),
    );
    const targets = new Set(shifted.values());
    const displaced = rows.filter(
      (i) => i.is_exception === 0 && i.status === 'confirmed' && targets.has(i.original_start),
    );
    await repos.instances.deleteByIds(displaced.map((i) => i.id));
    // Two passes through a free value avoid transient clashes on the unique (schedule, original start).
    for (const i of overrides) await repos.instances.update(i.id, { original_start: -i.id });
    for (const i of overrides)
      await repos.instances.update(i.id, { original_start: shifted.get(i.id) ?? i.original_start });
    return repos.instances.listBySchedule(row.id);
  }

  /** Occurrences of `series` within the span of the given starts (inclusive). */
  private occurrencesNear(series: Series, starts: readonly number[]): Occurrence[] {
    if (starts.length === 0) return [];
    const lo = Math.min(...starts);
    const hi = Math.max(...starts);
    const dur = series.definition.durationMs;
    return series
      .overlapping(lo - dur + 1, hi + 1, MAX_RECONCILE)
      .filter((o) => o.startMs >= lo && o.startMs <= hi);
  }

  private seriesOf(row: ScheduleRow): Series {
    return seriesOfRow(this.series, row);
  }
}

/** A local wall time as ms of that wall time read as UTC. */
function wallOf(local: string): number {
  return Date.parse(`${local}Z`);
}

function current(row: ScheduleRow) {
  return {
    title: row.title,
    timeZone: row.timezone,
    dtstart: row.dtstart_local,
    startMs: row.starts_at,
    durationMs: row.duration_ms,
    ruleText: row.recurrence_rule,
    exdates: JSON.parse(row.exdates) as string[],
  };
}

/** The old rule for the part after the cut: a COUNT keeps counting what is left of it. */
function remainingRule(row: ScheduleRow, series: Series, cutMs: number): string | null {
  if (!row.recurrence_rule) return null;
  const rule = parseRuleString(row.recurrence_rule);
  if (rule.count === undefined) return row.recurrence_rule;
  const before = series
    .overlapping(row.starts_at, cutMs, MAX_RECONCILE)
    .filter((o) => o.startMs < cutMs).length;
  return formatRule({ ...rule, count: Math.max(1, rule.count - before) }, row.timezone);
}
