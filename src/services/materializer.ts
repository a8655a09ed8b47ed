import type { Clock } from '../domain/clock.ts';
import { addRange, covers } from '../domain/instances/materialized-ranges.ts';
import {
  plainOccurrences,
  type CompiledSchedule,
} from '../domain/occurrences/effective-occurrences.ts';
import type { RecurrenceCache } from '../domain/recurrence/recurrence-cache.ts';
import { exdateInstants, recurrenceOf, type Schedule } from '../domain/schedules/schedule.ts';
import { DAY_MS } from '../domain/time/durations.ts';
import type { NewInstance } from '../storage/instance.repository.ts';
import { inTransaction, type Repositories } from '../storage/repositories.ts';
import type { Specialist } from '../domain/specialists/specialist.ts';
import type { Storage } from '../storage/storage.ts';
import type { Logger } from './logger.ts';
import type { ServiceLimits } from './service-limits.ts';
import { noMetrics, timed, type ServiceMetrics } from './service-metrics.ts';

/** Compiles a schedule for the occurrence model (recurrence from the cache, exdates as instants). */
export function compile(cache: RecurrenceCache, s: Schedule): CompiledSchedule {
  return { scheduleId: s.id, recurrence: cache.get(recurrenceOf(s)), excluded: exdateInstants(s) };
}

/**
 * The one materialization path (views, slots, pre-warm, eager mode): makes sure every plain
 * occurrence of a specialist's schedules in a window exists as a row, and remembers the window.
 * Bounded to the storage horizon around now: nothing is ever stored beyond it.
 */
export class Materializer {
  constructor(
    private readonly storage: Storage,
    private readonly repos: Repositories,
    private readonly cache: RecurrenceCache,
    private readonly clock: Clock,
    private readonly limits: ServiceLimits,
    private readonly metrics: ServiceMetrics = noMetrics,
  ) {}

  /** The part of `[fromMs, toMs)` that may be stored: within the horizon of now, or null. */
  storable(fromMs: number, toMs: number): [number, number] | null {
    const now = this.clock.now();
    const horizon = this.limits.materializeHorizonDays * DAY_MS;
    const a = Math.max(fromMs, now - horizon);
    const b = Math.min(toMs, now + horizon);
    return a < b ? [a, b] : null;
  }

  /**
   * Makes sure the specialist's occurrences in `[fromMs, toMs)` (clipped to the horizon) exist;
   * returns how many rows this call created. `scheduleIds` limits it to some schedules (eager
   * mode). Safe to run concurrently from any number of processes: the specialist row lock
   * serializes the writers of one specialist, the unique constraint decides the rest.
   */
  async ensure(
    specialistId: number,
    fromMs: number,
    toMs: number,
    log: Logger,
    scheduleIds?: readonly number[],
  ): Promise<number> {
    const span = this.storable(fromMs, toMs);
    if (!span) return 0;
    const [a, b] = span;
    const only = scheduleIds && new Set(scheduleIds);
    const pendingOf = (list: readonly Schedule[]) =>
      list.filter((s) => (!only || only.has(s.id)) && !covers(s.materializedRanges, a, b));
    const schedules = await timed(this.metrics, 'find_schedules', () =>
      this.repos.schedules.findOverlapping(specialistId, a, b),
    );
    const pending = pendingOf(schedules);
    log.debug(
      { specialist_id: specialistId, schedules: schedules.length, pending: pending.length },
      'found schedules',
    );
    if (pending.length === 0 && only) return 0;
    const created = await inTransaction(this.storage, async (repos) => {
      const [specialist] = await repos.specialists.lock([specialistId]);
      return specialist ? this.ensureWithin(repos, specialist, a, b, log, scheduleIds) : 0;
    });
    log.debug({ specialist_id: specialistId, created }, 'created instances');
    return created;
  }

  /**
   * `ensure` inside a caller's transaction that already holds the specialist's row lock (a
   * booking, an availability edit): what it reads to decide is read under that lock.
   */
  async ensureWithin(
    repos: Repositories,
    specialist: Specialist,
    fromMs: number,
    toMs: number,
    log: Logger,
    scheduleIds?: readonly number[],
  ): Promise<number> {
    const span = this.storable(fromMs, toMs);
    if (!span) return 0;
    const [a, b] = span;
    const only = scheduleIds && new Set(scheduleIds);
    // Read again under the lock: an edit may have committed since, and a concurrent view may
    // have covered the window already (then nothing is left to do).
    const fresh = (await repos.schedules.findOverlapping(specialist.id, a, b)).filter(
      (s) => (!only || only.has(s.id)) && !covers(s.materializedRanges, a, b),
    );
    let n = 0;
    if (fresh.length > 0) {
      const started = performance.now();
      const rows = this.expand(fresh, a, b);
      this.metrics.observeExpansion((performance.now() - started) / 1000);
      log.debug({ specialist_id: specialist.id, occurrences: rows.length }, 'expanded occurrences');
      n = await timed(this.metrics, 'insert_instances', () =>
        repos.instances.insertMissing(rows, this.clock.now()),
      );
      await repos.schedules.setMaterializedRanges(
        fresh.map((s) => ({ id: s.id, ranges: addRange(s.materializedRanges, a, b) })),
      );
    }
    // Every schedule of the specialist now covers the window: a revisit is one lookup.
    if (!only && !covers(specialist.materializedRanges, a, b))
      await repos.specialists.setMaterializedRanges(
        specialist.id,
        addRange(specialist.materializedRanges, a, b),
      );
    return n;
  }

  private expand(schedules: readonly Schedule[], fromMs: number, toMs: number): NewInstance[] {
    const rows: NewInstance[] = [];
    for (const s of schedules) {
      for (const o of plainOccurrences(
        compile(this.cache, s),
        fromMs,
        toMs,
        this.limits.maxOccurrencesPerWindow,
      ))
        rows.push({
          scheduleId: s.id,
          specialistId: s.specialistId,
          startMs: o.startMs,
          endMs: o.endMs,
        });
    }
    return rows;
  }
}
