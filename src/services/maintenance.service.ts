import type { Clock } from '../domain/clock.ts';
import { parseRanges, removeRange } from '../domain/instances/materialized-ranges.ts';
import { startOfDay, todayIn } from '../domain/time/date-time.ts';
import type { MaintenanceRepository } from '../storage/maintenance.repository.ts';
import { inTransaction, type Repositories } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import type { CalendarService } from './calendar.service.ts';
import { silentLogger, type Logger } from './logger.ts';
import type { ServiceMetrics } from './service-metrics.ts';

const DAY_MS = 86_400_000;
const PAGE = 200;
/** Templates per cleanup/expiry transaction: short locks while servers run. */
const BATCH = 500;

function sumOf(rows: ReadonlyArray<{ n: number }>): number {
  return rows.reduce((n, r) => n + r.n, 0);
}

export interface Progress {
  (done: number, total: number): void;
}

export interface Stats {
  templates: { active: number; inactive: number };
  instances: { total: number; confirmed: number; cancelled: number; exceptions: number };
  instances_per_template: { average: number; max: number };
  materialized_from: string | null;
  materialized_until: string | null;
  top_specialists: Array<{ id: number; name: string; instances: number }>;
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
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly metrics: ServiceMetrics,
  ) {}

  private get sql(): MaintenanceRepository {
    return this.repos.maintenance;
  }

  /** Materializes the next `days` local days (from today) of every active template, in batches. */
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
      if (!specialist) return;
      const fromMs = startOfDay(
        todayIn(this.clock.now(), specialist.timezone),
        specialist.timezone,
      );
      const toMs = startOfDay(
        todayIn(this.clock.now(), specialist.timezone).add({ days: opts.days }),
        specialist.timezone,
      );
      created += await this.calendar.materialize(id, fromMs, toMs, log);
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
  }): Promise<{ instances: number; templates: number }> {
    const cutoffMs = this.clock.now() + opts.futureDays * DAY_MS;
    const byTemplate = await this.sql.futurePlainByTemplate(cutoffMs);
    if (opts.dryRun) return { instances: sumOf(byTemplate), templates: byTemplate.length };
    const deleted = await this.deleteAndForget(
      byTemplate.map((t) => t.schedule_id),
      [cutoffMs, Number.MAX_SAFE_INTEGER],
      (repos, ids) => repos.maintenance.deleteFuturePlain(cutoffMs, ids),
      opts.onProgress,
    );
    this.metrics.countMaintenance('cleanup', deleted);
    return { instances: deleted, templates: byTemplate.length };
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
  }): Promise<{ instances: number; templates: number }> {
    const cutoffMs = this.clock.now() - opts.olderThanDays * DAY_MS;
    const byTemplate = await this.sql.endedBeforeByTemplate(cutoffMs, opts.keepExceptions);
    if (opts.dryRun) return { instances: sumOf(byTemplate), templates: byTemplate.length };
    const deleted = await this.deleteAndForget(
      byTemplate.map((t) => t.schedule_id),
      [Number.MIN_SAFE_INTEGER, cutoffMs],
      (repos, ids) => repos.maintenance.deleteEndedBefore(cutoffMs, opts.keepExceptions, ids),
      opts.onProgress,
    );
    this.metrics.countMaintenance('expire', deleted);
    return { instances: deleted, templates: byTemplate.length };
  }

  /**
   * Per batch of templates, in one transaction: locks them (as a materializing view does, so no
   * view interleaves), deletes their rows with `remove`, and removes `span` from their ranges.
   * Only locked templates lose rows, so a row a view wrote meanwhile never loses its coverage.
   */
  private async deleteAndForget(
    templateIds: readonly number[],
    [fromMs, toMs]: readonly [number, number],
    remove: (repos: Repositories, ids: number[]) => Promise<number>,
    onProgress?: Progress,
  ): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < templateIds.length; i += BATCH) {
      const chunk = templateIds.slice(i, i + BATCH);
      deleted += await inTransaction(this.storage, async (repos) => {
        const templates = await repos.schedules.lockByIds(chunk);
        const n = await remove(
          repos,
          templates.map((t) => t.id),
        );
        await repos.schedules.setMaterializedRanges(
          templates.map((t) => ({
            id: t.id,
            ranges: JSON.stringify(removeRange(parseRanges(t.materialized_ranges), fromMs, toMs)),
          })),
        );
        return n;
      });
      onProgress?.(Math.min(i + BATCH, templateIds.length), templateIds.length);
    }
    return deleted;
  }

  async stats(): Promise<Stats> {
    const raw = await this.sql.stats();
    const active = Number(raw.templates.find((t) => t.is_active === 1)?.n ?? 0);
    const inactive = Number(raw.templates.find((t) => t.is_active === 0)?.n ?? 0);
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
      templates: { active, inactive },
      instances: {
        total,
        confirmed: sum((r) => r.status === 'confirmed'),
        cancelled: sum((r) => r.status === 'cancelled'),
        exceptions: sum((r) => r.is_exception === 1),
      },
      instances_per_template: {
        average: active + inactive === 0 ? 0 : Math.round((total / (active + inactive)) * 10) / 10,
        max: raw.maxPerTemplate,
      },
      materialized_from: earliest === null ? null : new Date(earliest).toISOString(),
      materialized_until: latest === null ? null : new Date(latest).toISOString(),
      top_specialists: raw.top.map((t) => ({ id: t.id, name: t.name, instances: Number(t.n) })),
    };
  }
}
