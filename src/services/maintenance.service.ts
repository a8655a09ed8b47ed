import type { Clock } from '../domain/clock.ts';
import { notFound } from '../domain/errors.ts';
import { removeRange } from '../domain/instances/materialized-ranges.ts';
import { startOfDay, todayIn } from '../domain/time/date-time.ts';
import { DAY_MS } from '../domain/time/durations.ts';
import type { MaintenanceRepository, ScheduleCount } from '../storage/maintenance.repository.ts';
import { inTransaction, type Repositories } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { Materializer } from './materializer.ts';
import type { ServiceMetrics } from './service-metrics.ts';

const PAGE = 200;
/** Schedules per cleanup/expiry transaction: short locks while servers run. */
const BATCH = 500;

function sumOf(rows: ReadonlyArray<{ n: number }>): number {
  return rows.reduce((n, r) => n + r.n, 0);
}

export interface Progress {
  (done: number, total: number): void;
}

export interface Stats {
  schedules: { active: number; inactive: number };
  instances: { total: number; confirmed: number; cancelled: number; exceptions: number };
  instances_per_schedule: { average: number; max: number };
  materialized_from: string | null;
  materialized_until: string | null;
  top_specialists: Array<{ id: number; name: string; instances: number }>;
  services: { active: number; inactive: number };
  bookings: { confirmed: number; cancelled: number };
  holds: { live: number };
}

/**
 * The operations a running deployment needs (the seed's "Future Enhancements"): pre-warming the
 * next days, cleaning up unused future rows, expiring old ones, and statistics. Each is
 * idempotent and safe while servers run: pre-warm goes through the same locked, conflict-free
 * materialization as a view; deletes touch only plain (never edited, not cancelled) rows.
 */
export class MaintenanceService {
  constructor(
    private readonly storage: Storage,
    private readonly repos: Repositories,
    private readonly materializer: Materializer,
    private readonly clock: Clock,
    private readonly metrics: ServiceMetrics,
    /** RECURRA_CHANGES_RETENTION_DAYS: the change log and finished webhook deliveries kept this long. */
    private readonly changesRetentionDays: number,
  ) {}

  private get sql(): MaintenanceRepository {
    return this.repos.maintenance;
  }

  /** Materializes the next `days` local days (from today) of every active schedule, in batches. */
  async prewarm(opts: {
    days: number;
    specialistId?: number;
    log?: Logger;
    onProgress?: Progress;
  }): Promise<{ specialists: number; created: number }> {
    const log = opts.log ?? silentLogger;
    const total =
      opts.specialistId !== undefined ? 1 : await this.sql.countSpecialistsWithActiveSchedules();
    let done = 0;
    let created = 0;
    const warm = async (id: number) => {
      const specialist = await this.repos.specialists.findById(id);
      if (!specialist) throw notFound('specialist', id);
      const zone = specialist.timeZone;
      const today = todayIn(this.clock.now(), zone);
      const fromMs = startOfDay(today, zone);
      const toMs = startOfDay(today.add({ days: opts.days }), zone);
      // The materializer stores nothing beyond the horizon, however many days were asked for.
      created += await this.materializer.ensure(id, fromMs, toMs, log);
      done++;
      opts.onProgress?.(done, total);
    };
    if (opts.specialistId !== undefined) {
      await warm(opts.specialistId);
    } else {
      for (let after = 0; ;) {
        const page = await this.sql.specialistsWithActiveSchedules(after, PAGE);
        if (page.length === 0) break;
        for (const id of page) await warm(id);
        after = page[page.length - 1] ?? after;
      }
    }
    this.metrics.countMaintenance('prewarm', created);
    return { specialists: done, created };
  }

  /**
   * Deletes plain instances starting more than `futureDays` from now (they come back on view)
   * and forgets those spans as materialized. Edited and cancelled rows stay.
   */
  async cleanup(opts: {
    futureDays: number;
    dryRun: boolean;
    onProgress?: Progress;
  }): Promise<{ instances: number; schedules: number }> {
    const cutoffMs = this.clock.now() + opts.futureDays * DAY_MS;
    const bySchedule = await this.sql.futurePlainBySchedule(cutoffMs);
    if (opts.dryRun) return { instances: sumOf(bySchedule), schedules: bySchedule.length };
    const deleted = await this.deleteAndForget(
      bySchedule,
      [cutoffMs, Number.MAX_SAFE_INTEGER],
      (repos, ids) => repos.maintenance.deleteFuturePlain(cutoffMs, ids),
      opts.onProgress,
    );
    this.metrics.countMaintenance('cleanup', deleted);
    return { instances: deleted, schedules: bySchedule.length };
  }

  /**
   * Deletes instances that ended more than `olderThanDays` ago; with `keepExceptions`, edited
   * and cancelled ones stay. The span is forgotten as materialized, so a later view of that
   * history generates its plain occurrences again (never duplicating a kept row).
   */
  async expire(opts: {
    olderThanDays: number;
    dryRun: boolean;
    keepExceptions: boolean;
    onProgress?: Progress;
  }): Promise<{
    instances: number;
    schedules: number;
    holds: number;
    idempotencyKeys: number;
    changes: number;
    deliveries: number;
  }> {
    const now = this.clock.now();
    const cutoffMs = now - opts.olderThanDays * DAY_MS;
    const bySchedule = await this.sql.endedBeforeBySchedule(cutoffMs, opts.keepExceptions);
    if (opts.dryRun)
      return {
        instances: sumOf(bySchedule),
        schedules: bySchedule.length,
        holds: 0,
        idempotencyKeys: 0,
        changes: 0,
        deliveries: 0,
      };
    // Bookings are never expired (nor anything they point to: specialists, services); holds that
    // expired and idempotency keys past their 24 hours go.
    const holds = await this.repos.bookings.deleteExpiredHolds(now);
    const idempotencyKeys = await this.repos.bookings.deleteIdempotencyKeysBefore(now - DAY_MS);
    const { changes, deliveries } = await this.pruneChanges();
    const deleted = await this.deleteAndForget(
      bySchedule,
      [Number.MIN_SAFE_INTEGER, cutoffMs],
      (repos, ids) => repos.maintenance.deleteEndedBefore(cutoffMs, opts.keepExceptions, ids),
      opts.onProgress,
    );
    this.metrics.countMaintenance('expire', deleted);
    return {
      instances: deleted,
      schedules: bySchedule.length,
      holds,
      idempotencyKeys,
      changes,
      deliveries,
    };
  }

  /**
   * The change log's retention (older cursors then answer 410) and finished webhook deliveries
   * as old: part of `expire`, and run daily by the server even when expiry is off.
   */
  async pruneChanges(): Promise<{ changes: number; deliveries: number }> {
    const retainedFrom = this.clock.now() - this.changesRetentionDays * DAY_MS;
    const changes = await this.repos.changes.prune(retainedFrom);
    const deliveries = await this.repos.webhooks.prune(retainedFrom);
    return { changes, deliveries };
  }

  /**
   * Per batch of schedules, in one transaction: locks their specialists (in id order, as every
   * writer does, so no view or edit interleaves), deletes the rows with `remove`, forgets `span`
   * as materialized (schedules and specialists), and gives the specialists a new version: ids
   * that come back on a later view are new, so every ETag of them must change.
   */
  private async deleteAndForget(
    counts: readonly ScheduleCount[],
    [fromMs, toMs]: readonly [number, number],
    remove: (repos: Repositories, scheduleIds: number[]) => Promise<number>,
    onProgress?: Progress,
  ): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < counts.length; i += BATCH) {
      const chunk = counts.slice(i, i + BATCH);
      deleted += await inTransaction(this.storage, async (repos) => {
        const specialists = await repos.specialists.lock([
          ...new Set(chunk.map((c) => c.specialistId)),
        ]);
        const schedules = await repos.schedules.findByIds(chunk.map((c) => c.scheduleId));
        const n = await remove(
          repos,
          schedules.map((s) => s.id),
        );
        await repos.schedules.setMaterializedRanges(
          schedules.map((s) => ({
            id: s.id,
            ranges: removeRange(s.materializedRanges, fromMs, toMs),
          })),
        );
        for (const sp of specialists)
          await repos.specialists.setMaterializedRanges(
            sp.id,
            removeRange(sp.materializedRanges, fromMs, toMs),
          );
        await repos.specialists.bump(specialists.map((sp) => sp.id));
        return n;
      });
      onProgress?.(Math.min(i + BATCH, counts.length), counts.length);
    }
    return deleted;
  }

  async stats(): Promise<Stats> {
    const raw = await this.sql.stats();
    const services = await this.repos.services.countAll();
    const booked = await this.repos.bookings.counts(this.clock.now());
    const active = Number(raw.schedules.find((t) => Number(t.is_active) === 1)?.n ?? 0);
    const inactive = Number(raw.schedules.find((t) => Number(t.is_active) === 0)?.n ?? 0);
    const sum = (f: (r: (typeof raw.instances)[number]) => boolean) =>
      raw.instances.filter(f).reduce((n, r) => n + Number(r.n), 0);
    const total = sum(() => true);
    const latest = raw.instances.reduce<number | null>(
      (m, r) => (r.latest === null ? m : Math.max(m ?? -Infinity, Number(r.latest))),
      null,
    );
    const earliest = raw.instances.reduce<number | null>(
      (m, r) => (r.earliest === null ? m : Math.min(m ?? Infinity, Number(r.earliest))),
      null,
    );
    return {
      schedules: { active, inactive },
      instances: {
        total,
        confirmed: sum((r) => r.status === 'confirmed'),
        cancelled: sum((r) => r.status === 'cancelled'),
        exceptions: sum((r) => r.is_exception === 1),
      },
      instances_per_schedule: {
        average: active + inactive === 0 ? 0 : Math.round((total / (active + inactive)) * 10) / 10,
        max: raw.maxPerSchedule,
      },
      materialized_from: earliest === null ? null : new Date(earliest).toISOString(),
      materialized_until: latest === null ? null : new Date(latest).toISOString(),
      top_specialists: raw.top.map((t) => ({ id: t.id, name: t.name, instances: Number(t.n) })),
      services,
      bookings: { confirmed: booked.confirmed, cancelled: booked.cancelled },
      holds: { live: booked.liveHolds },
    };
  }
}
