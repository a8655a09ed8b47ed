import { DomainError } from '../domain/errors.ts';
import { findConflicts, type Busy, type Interval } from '../domain/conflicts/find-conflicts.ts';
import {
  patternsMayOverlap,
  weeklyPattern,
  type WeeklyPattern,
} from '../domain/conflicts/weekly-pattern.ts';
import type { SeriesCache } from '../domain/recurrence/series-cache.ts';
import type { Series } from '../domain/recurrence/series.ts';
import { MAX_DURATION_MS, type ScheduleTemplate } from '../domain/schedules/schedule-template.ts';
import { formatInstant } from '../domain/time/date-time.ts';
import type { Repositories } from '../storage/repositories.ts';
import { seriesOfRow } from './template-series.ts';
import type { ScheduleRow } from '../storage/tables.ts';

/** What is being proposed: its occurrences over the horizon, and what it replaces. */
export interface ConflictProbe {
  readonly specialistId: number;
  /** The proposed occurrences (already clipped to the horizon by the caller). */
  readonly occurrences: readonly Interval[];
  /** Weekly fold of the proposal in `timeZone`, for the quick test; null when not weekly-periodic. */
  readonly pattern: { readonly timeZone: string; readonly slots: WeeklyPattern } | null;
  /** Plain occurrences (`scheduleId:originalStartMs`) the proposal replaces (a moved instance's own slot). */
  readonly excludeSlots?: readonly string[];
  /** Templates whose plain occurrences the proposal replaces (the one being edited). */
  readonly excludeScheduleIds?: readonly number[];
  /** Occurrence rows the proposal replaces (the instance being moved). */
  readonly excludeInstanceIds?: readonly number[];
  /** A series being split: only its occurrences before the cut still count. */
  readonly excludeBefore?: { readonly scheduleId: number; readonly cutMs: number };
}

const MAX_EXPANSION = 50_000;
const DAY_MS = 86_400_000;

/**
 * The overlap check: a specialist's active occurrences (series, one-off events, moved instances)
 * may not overlap. Existing templates whose weekly fold provably never meets the proposal's are
 * skipped without expansion — for the common case (a specialist's weekly blocks on different
 * days or hours) no existing rule is expanded at all; the rest are expanded over the span only.
 */
export class ConflictService {
  constructor(
    private readonly series: SeriesCache,
    private readonly horizonDays: number,
  ) {}

  /**
   * Checks a whole template (create or series edit) over the horizon from its start. `replaces`:
   * the template being edited (its plain occurrences are what changes; its moved and cancelled
   * ones stay). `replacesFrom`: a series being split (its occurrences from the cut on go).
   */
  async assertTemplateFree(
    repos: Repositories,
    specialistId: number,
    template: ScheduleTemplate,
    opts: { replaces?: number; replacesFrom?: { scheduleId: number; cutMs: number } } = {},
  ): Promise<void> {
    const series = this.series.get({
      recurrenceRule: template.ruleText,
      dtstart: template.dtstart,
      timeZone: template.timeZone,
      durationMs: template.durationMs,
      exdates: template.exdates,
    });
    const horizonEnd = template.startsAt + this.horizonDays * DAY_MS;
    let occurrences = series.overlapping(template.startsAt, horizonEnd, MAX_EXPANSION);
    if (opts.replaces !== undefined) {
      const own = new Set(
        (await repos.instances.listBySchedule(opts.replaces))
          .filter((i) => i.is_exception === 1 || i.status === 'cancelled')
          .map((i) => i.original_start),
      );
      occurrences = occurrences.filter((o) => !own.has(o.startMs));
    }
    const slots = weeklyPattern(template.rule, template.dtstart, template.durationMs);
    await this.assertNoConflict(repos, {
      specialistId,
      occurrences,
      pattern: slots ? { timeZone: template.timeZone, slots } : null,
      excludeScheduleIds: opts.replaces !== undefined ? [opts.replaces] : [],
      ...(opts.replacesFrom && { excludeBefore: opts.replacesFrom }),
    });
  }

  /** Throws 409 `conflict` with up to 20 clashing occurrences; returns quietly otherwise. */
  async assertNoConflict(repos: Repositories, probe: ConflictProbe): Promise<void> {
    const conflicts = await this.find(repos, probe);
    if (conflicts.length === 0) return;
    throw new DomainError(
      'conflict',
      `the change overlaps ${conflicts.length === 20 ? '20 or more' : conflicts.length} existing occurrence(s)`,
      {
        conflicts: conflicts.map((c) => ({
          schedule_id: c.scheduleId,
          start_datetime: formatInstant(c.startMs, c.timeZone),
          end_datetime: formatInstant(c.endMs, c.timeZone),
        })),
      },
    );
  }

  /** The existing occurrences clashing with the probe, earliest first, at most 20. */
  async find(
    repos: Repositories,
    probe: ConflictProbe,
  ): Promise<Array<Busy & { timeZone: string }>> {
    if (probe.occurrences.length === 0) return [];
    const fromMs = Math.min(...probe.occurrences.map((o) => o.startMs));
    const toMs = Math.max(...probe.occurrences.map((o) => o.endMs));
    const excluded = new Set(probe.excludeScheduleIds ?? []);
    const templates = (
      await repos.schedules.findActiveOverlapping(probe.specialistId, fromMs, toMs)
    ).filter((t) => !excluded.has(t.id));
    const overrides = await repos.instances.listOverrides(
      probe.specialistId,
      fromMs,
      toMs,
      MAX_DURATION_MS,
    );
    const zones = new Map(templates.map((t) => [t.id, t.timezone]));
    const overridden = new Set([
      ...overrides.map((o) => `${o.schedule_id}:${o.original_start}`),
      ...(probe.excludeSlots ?? []),
    ]);
    const excludedInstances = new Set(probe.excludeInstanceIds ?? []);
    const busy: Busy[] = [];
    for (const t of templates) {
      if (probe.pattern && !this.mayOverlap(t, probe.pattern)) continue;
      const cut = probe.excludeBefore?.scheduleId === t.id ? probe.excludeBefore.cutMs : Infinity;
      for (const o of this.expand(t, fromMs, toMs)) {
        if (o.startMs >= cut || overridden.has(`${t.id}:${o.startMs}`)) continue;
        busy.push({ scheduleId: t.id, startMs: o.startMs, endMs: o.endMs });
      }
    }
    for (const o of overrides) {
      if (o.status !== 'confirmed' || excludedInstances.has(o.id)) continue;
      busy.push({ scheduleId: o.schedule_id, startMs: o.start_at, endMs: o.end_at });
    }
    const found = findConflicts(probe.occurrences, busy);
    const missingZones = [
      ...new Set(found.map((b) => b.scheduleId).filter((id) => !zones.has(id))),
    ];
    for (const row of await repos.schedules.findByIds(missingZones))
      zones.set(row.id, row.timezone);
    return found.map((b) => ({ ...b, timeZone: zones.get(b.scheduleId) ?? 'UTC' }));
  }

  /** Folds are wall-clock minutes of one zone: schedules in another zone are always expanded. */
  private mayOverlap(t: ScheduleRow, pattern: { timeZone: string; slots: WeeklyPattern }): boolean {
    if (t.timezone !== pattern.timeZone) return true;
    const theirs = weeklyPattern(this.seriesOf(t).definition.rule, t.dtstart_local, t.duration_ms);
    return theirs === null || patternsMayOverlap(theirs, pattern.slots);
  }

  private seriesOf(t: ScheduleRow): Series {
    return seriesOfRow(this.series, t);
  }

  private expand(t: ScheduleRow, fromMs: number, toMs: number) {
    return this.seriesOf(t).overlapping(fromMs, toMs, MAX_EXPANSION);
  }
}
