import type { Clock } from '../domain/clock.ts';
import { resolveWindow, type CalendarWindow } from '../domain/instances/calendar-window.ts';
import { addRange, covers, parseRanges } from '../domain/instances/materialized-ranges.ts';
import type { SeriesCache } from '../domain/recurrence/series-cache.ts';
import type { Series } from '../domain/recurrence/series.ts';
import { MAX_DURATION_MS } from '../domain/schedules/schedule-template.ts';
import type { InstanceWithTemplate } from '../storage/instance.repository.ts';
import { inTransaction, type Repositories } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import type { NewInstanceRow, ScheduleRow, SpecialistRow } from '../storage/tables.ts';
import type { ServiceLimits } from './config.ts';
import { plainInstanceRow, seriesOfRow } from './template-series.ts';
import type { Logger } from './logger.ts';
import { noMetrics, timed, type ServiceMetrics } from './service-metrics.ts';
import type { SpecialistService } from './specialist.service.ts';

export interface CalendarQuery {
  readonly startDate?: string | undefined;
  readonly endDate?: string | undefined;
  readonly includeCancelled?: boolean | undefined;
}

/** An occurrence in a view; `id` is null for one beyond the materialization horizon (not stored). */
export type ViewInstance = Omit<InstanceWithTemplate, 'id'> & { readonly id: number | null };

export interface CalendarView {
  readonly specialist: SpecialistRow;
  readonly window: CalendarWindow;
  readonly instances: ViewInstance[];
  /** Rows this request created (0 on a revisit). */
  readonly created: number;
  /** Occurrences returned without being stored (beyond the horizon). */
  readonly ephemeral: number;
}

const DAY_MS = 86_400_000;

/**
 * The lazy path. For one window: find the active templates overlapping it (one query), expand
 * only those whose window is not yet materialized, insert what is missing (one idempotent
 * statement per 500–1000 rows), remember the window per template, and read the window (one query).
 * A revisit expands nothing and writes nothing.
 */
export class CalendarService {
  constructor(
    private readonly storage: Storage,
    private readonly repos: Repositories,
    private readonly specialists: SpecialistService,
    private readonly series: SeriesCache,
    private readonly clock: Clock,
    private readonly limits: ServiceLimits,
    private readonly metrics: ServiceMetrics = noMetrics,
  ) {}

  async view(specialistId: number, query: CalendarQuery, log: Logger): Promise<CalendarView> {
    const specialist = await this.specialists.get(specialistId);
    const window = resolveWindow(
      query,
      specialist.timezone,
      this.clock.now(),
      this.limits.maxRangeDays,
    );
    // Only [now - horizon, now + horizon) is stored: a crawler walking years of weeks gets its
    // answers computed on the fly beyond that, and the table stays the size of real use.
    const now = this.clock.now();
    const horizonMs = this.limits.materializeHorizonDays * DAY_MS;
    const storeFrom = Math.max(window.fromMs, now - horizonMs);
    const storeTo = Math.min(window.toMs, now + horizonMs);
    const created =
      storeFrom < storeTo ? await this.materialize(specialistId, storeFrom, storeTo, log) : 0;
    const rows: ViewInstance[] = await timed(this.metrics, 'read_window', () =>
      this.repos.instances.listOverlapping(
        specialistId,
        window.fromMs,
        window.toMs,
        MAX_DURATION_MS,
        query.includeCancelled ?? false,
      ),
    );
    const outside = [
      [window.fromMs, Math.min(window.toMs, storeFrom)],
      [Math.max(window.fromMs, storeTo), window.toMs],
    ].filter(([a, b]) => (a as number) < (b as number)) as Array<[number, number]>;
    const ephemeral = outside.length ? await this.unstored(specialistId, outside, rows) : [];
    const instances = ephemeral.length
      ? [...rows, ...ephemeral].sort(
          (x, y) => x.start_at - y.start_at || (x.id ?? Infinity) - (y.id ?? Infinity),
        )
      : rows;
    log.debug(
      { specialist_id: specialistId, returned: instances.length, ephemeral: ephemeral.length },
      'returning instances',
    );
    return { specialist, window, instances, created, ephemeral: ephemeral.length };
  }

  /** Occurrences in spans beyond the horizon, computed without storing; rows and overrides win. */
  private async unstored(
    specialistId: number,
    spans: Array<[number, number]>,
    rows: readonly ViewInstance[],
  ): Promise<ViewInstance[]> {
    const out: ViewInstance[] = [];
    for (const [fromMs, toMs] of spans) {
      const templates = await this.repos.schedules.findActiveOverlapping(
        specialistId,
        fromMs,
        toMs,
      );
      if (templates.length === 0) continue;
      const overrides = await this.repos.instances.listOverrides(
        specialistId,
        fromMs,
        toMs,
        MAX_DURATION_MS,
      );
      const taken = new Set(
        [...rows, ...overrides].map((r) => `${r.schedule_id}:${r.original_start}`),
      );
      for (const t of templates) {
        for (const o of this.seriesOf(t).overlapping(
          fromMs,
          toMs,
          this.limits.maxOccurrencesPerWindow,
        )) {
          const key = `${t.id}:${o.startMs}`;
          if (taken.has(key)) continue;
          taken.add(key);
          out.push({
            ...plainInstanceRow(t, o, 0),
            id: null,
            template_title: t.title,
            timezone: t.timezone,
            recurring_event_id: t.recurring_event_id,
            recurrence_rule: t.recurrence_rule,
          });
        }
      }
    }
    return out;
  }

  /**
   * Makes sure every occurrence of the specialist's active templates overlapping `[fromMs, toMs)`
   * exists as a row; returns how many rows this call created. Safe to run concurrently from any
   * number of processes: the unique constraint decides, nobody fails.
   */
  async materialize(
    specialistId: number,
    fromMs: number,
    toMs: number,
    log: Logger,
  ): Promise<number> {
    const templates = await timed(this.metrics, 'find_templates', () =>
      this.repos.schedules.findActiveOverlapping(specialistId, fromMs, toMs),
    );
    const pending = templates.filter(
      (t) => !covers(parseRanges(t.materialized_ranges), fromMs, toMs),
    );
    log.debug(
      { specialist_id: specialistId, templates: templates.length, pending: pending.length },
      'found recurring templates',
    );
    if (pending.length === 0) return 0;
    const created = await inTransaction(this.storage, async (repos) => {
      // Re-read under lock: an edit may have committed since, and a concurrent view may have
      // covered the window already (then there is nothing left to do).
      const fresh = (await repos.schedules.lockByIds(pending.map((t) => t.id))).filter(
        (t) => t.is_active === 1 && !covers(parseRanges(t.materialized_ranges), fromMs, toMs),
      );
      if (fresh.length === 0) return 0;
      const expandStarted = performance.now();
      const rows = this.expand(fresh, fromMs, toMs);
      this.metrics.observeExpansion((performance.now() - expandStarted) / 1000);
      log.debug({ specialist_id: specialistId, occurrences: rows.length }, 'expanded occurrences');
      const n = await timed(this.metrics, 'insert_instances', () =>
        repos.instances.insertMissing(rows),
      );
      await repos.schedules.setMaterializedRanges(
        fresh.map((t) => ({
          id: t.id,
          ranges: JSON.stringify(addRange(parseRanges(t.materialized_ranges), fromMs, toMs)),
        })),
      );
      return n;
    });
    log.debug({ specialist_id: specialistId, created }, 'created instances');
    return created;
  }

  private seriesOf(t: ScheduleRow): Series {
    return seriesOfRow(this.series, t);
  }

  private expand(
    templates: readonly ScheduleRow[],
    fromMs: number,
    toMs: number,
  ): NewInstanceRow[] {
    const now = this.clock.now();
    const rows: NewInstanceRow[] = [];
    for (const t of templates) {
      const series = this.seriesOf(t);
      for (const o of series.overlapping(fromMs, toMs, this.limits.maxOccurrencesPerWindow)) {
        rows.push(plainInstanceRow(t, o, now));
      }
    }
    return rows;
  }
}
