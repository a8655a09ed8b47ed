import type { Clock } from '../domain/clock.ts';
import { findConflicts, type Busy, type Interval } from '../domain/conflicts/find-conflicts.ts';
import {
  patternsMayOverlap,
  weeklyPattern,
  type WeeklyPattern,
} from '../domain/conflicts/weekly-pattern.ts';
import { DomainError } from '../domain/errors.ts';
import { effectiveOccurrences } from '../domain/occurrences/effective-occurrences.ts';
import type { RecurrenceCache } from '../domain/recurrence/recurrence-cache.ts';
import type { Recurrence } from '../domain/recurrence/recurrence.ts';
import { MAX_DURATION_MS } from '../domain/schedules/schedule-draft.ts';
import { recurrenceOf, type Schedule } from '../domain/schedules/schedule.ts';
import { formatInstant, startOfDay, todayIn } from '../domain/time/date-time.ts';
import { DAY_MS } from '../domain/time/durations.ts';
import type { Repositories } from '../storage/repositories.ts';
import { compile } from './materializer.ts';

/** What is being proposed, and what of the specialist's current occurrences it replaces. */
export interface ConflictProbe {
  readonly specialistId: number;
  /** The proposed occurrences (within the horizon: see `horizon`). */
  readonly occurrences: readonly Interval[];
  /** Weekly fold of the proposal in `timeZone`, for the quick test; null when not weekly-periodic. */
  readonly pattern: { readonly timeZone: string; readonly slots: WeeklyPattern } | null;
  /** A schedule whose plain occurrences from `fromMs` on the proposal replaces (its overrides stay). */
  readonly replaces?: { readonly scheduleId: number; readonly fromMs: number };
  /** The occurrence the proposal replaces (the instance being moved): its row and its plain slot. */
  readonly replacesOccurrence?: {
    readonly instanceId: number;
    readonly scheduleId: number;
    readonly originalStartMs: number;
  };
}

const MAX_EXPANSION = 50_000;

/**
 * The overlap check: a specialist's effective occurrences (series and one-off events, moved ones
 * at their new time, cancelled ones not at all; deleted schedules take no part) may not overlap.
 * Every schedule is seen through the one occurrence model. Schedules whose weekly fold provably
 * never meets the proposal's are not expanded: for the common case (weekly blocks on different
 * days or hours) no existing rule is expanded at all.
 */
export class ConflictService {
  constructor(
    private readonly cache: RecurrenceCache,
    private readonly clock: Clock,
    private readonly horizonDays: number,
  ) {}

  /**
   * The span a proposal is checked over: `horizonDays` from the later of its start and the start
   * of today in `timeZone`, so a back-dated start cannot dodge the check.
   */
  horizon(startMs: number, timeZone: string): [number, number] {
    const today = startOfDay(todayIn(this.clock.now(), timeZone), timeZone);
    const from = Math.max(startMs, today);
    return [from, from + this.horizonDays * DAY_MS];
  }

  /** The proposed occurrences of a recurrence within its horizon (less `skip` original starts). */
  proposal(recurrence: Recurrence, excluded: ReadonlySet<number>): Interval[] {
    const [from, to] = this.horizon(recurrence.firstStartMs, recurrence.timeZone);
    return recurrence
      .overlapping(from, to, MAX_EXPANSION)
      .filter((o) => !excluded.has(o.startMs))
      .map((o) => ({ startMs: o.startMs, endMs: o.endMs }));
  }

  /** The weekly fold of a recurrence, for the quick test. */
  pattern(recurrence: Recurrence): ConflictProbe['pattern'] {
    const { rule, dtstart, durationMs, timeZone } = recurrence.definition;
    const slots = weeklyPattern(rule, dtstart, durationMs);
    return slots ? { timeZone, slots } : null;
  }

  /** Throws 409 `conflict` with up to 20 clashing occurrences; returns quietly otherwise. */
  async assertFree(repos: Repositories, probe: ConflictProbe): Promise<void> {
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
    const schedules = await repos.schedules.findOverlapping(probe.specialistId, fromMs, toMs, {
      activeOnly: true,
    });
    const overrides = (
      await repos.instances.listOverrides(probe.specialistId, fromMs, toMs, MAX_DURATION_MS)
    ).filter((o) => o.id !== probe.replacesOccurrence?.instanceId);
    const moved = probe.replacesOccurrence;
    const zones = new Map(schedules.map((s) => [s.id, s.timeZone]));
    const busy: Busy[] = [];
    // Occurrences moved here from schedules whose own lifetime lies elsewhere.
    const others = [...new Set(overrides.map((o) => o.scheduleId).filter((id) => !zones.has(id)))];
    for (const s of await repos.schedules.findByIds(others)) {
      if (!s.isActive) continue;
      zones.set(s.id, s.timeZone);
      for (const o of overrides)
        if (o.scheduleId === s.id && o.isException && o.status === 'confirmed')
          busy.push({ scheduleId: s.id, startMs: o.startMs, endMs: o.endMs });
    }
    for (const s of schedules) {
      const replacedFrom = probe.replaces?.scheduleId === s.id ? probe.replaces.fromMs : Infinity;
      const expand = replacedFrom > fromMs && this.mayOverlap(s, probe.pattern);
      const occurrences = expand
        ? effectiveOccurrences(compile(this.cache, s), overrides, fromMs, toMs, {
            maxOccurrences: MAX_EXPANSION,
          })
        : // Not expanded: its edited occurrences still count, wherever they were moved.
          overrides
            .filter((o) => o.scheduleId === s.id && o.isException && o.status === 'confirmed')
            .map((o) => ({ ...o, instanceId: o.id }));
      for (const o of occurrences) {
        if (o.instanceId === null && o.originalStartMs >= replacedFrom) continue;
        if (
          o.instanceId === null &&
          moved?.scheduleId === s.id &&
          moved.originalStartMs === o.originalStartMs
        )
          continue;
        busy.push({ scheduleId: s.id, startMs: o.startMs, endMs: o.endMs });
      }
    }
    const found = findConflicts(probe.occurrences, busy);
    return found.map((b) => ({ ...b, timeZone: zones.get(b.scheduleId) ?? 'UTC' }));
  }

  /** Folds are wall-clock minutes of one zone: schedules in another zone are always expanded. */
  private mayOverlap(s: Schedule, pattern: ConflictProbe['pattern']): boolean {
    if (!pattern || s.timeZone !== pattern.timeZone) return true;
    const theirs = weeklyPattern(
      this.cache.get(recurrenceOf(s)).definition.rule,
      s.dtstart,
      s.durationMs,
    );
    return theirs === null || patternsMayOverlap(theirs, pattern.slots);
  }
}
