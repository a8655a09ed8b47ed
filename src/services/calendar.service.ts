import type { Clock } from '../domain/clock.ts';
import { resolveWindow, type CalendarWindow } from '../domain/instances/calendar-window.ts';
import { addRange, covers, parseRanges } from '../domain/instances/materialized-ranges.ts';
import type { SeriesCache } from '../domain/recurrence/series-cache.ts';
import { MAX_DURATION_MS } from '../domain/schedules/schedule-template.ts';
import type { InstanceWithTemplate } from '../storage/instance.repository.ts';
import { inTransaction, type Repositories } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import type { NewInstanceRow, ScheduleRow, SpecialistRow } from '../storage/tables.ts';
import type { ServiceLimits } from './config.ts';
import type { Logger } from './logger.ts';
import type { SpecialistService } from './specialist.service.ts';

export interface CalendarQuery {
  readonly startDate?: string | undefined;
  readonly endDate?: string | undefined;
  readonly includeCancelled?: boolean | undefined;
}

export interface CalendarView {
  readonly specialist: SpecialistRow;
  readonly window: CalendarWindow;
  readonly instances: InstanceWithTemplate[];
  /** Rows this request created (0 on a revisit). */
  readonly created: number;
}

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
  ) {}

  async view(specialistId: number, query: CalendarQuery, log: Logger): Promise<CalendarView> {
    const specialist = await this.specialists.get(specialistId);
    const window = resolveWindow(
      query,
      specialist.timezone,
      this.clock.now(),
      this.limits.maxRangeDays,
    );
    const created = await this.materialize(specialistId, window.fromMs, window.toMs, log);
    const instances = await this.repos.instances.listOverlapping(
      specialistId,
      window.fromMs,
      window.toMs,
      MAX_DURATION_MS,
      query.includeCancelled ?? false,
    );
    log.debug({ specialist_id: specialistId, returned: instances.length }, 'returning instances');
    return { specialist, window, instances, created };
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
    const templates = await this.repos.schedules.findActiveOverlapping(specialistId, fromMs, toMs);
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
      const rows = this.expand(fresh, fromMs, toMs);
      log.debug({ specialist_id: specialistId, occurrences: rows.length }, 'expanded occurrences');
      const n = await repos.instances.insertMissing(rows);
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

  private expand(
    templates: readonly ScheduleRow[],
    fromMs: number,
    toMs: number,
  ): NewInstanceRow[] {
    const now = this.clock.now();
    const rows: NewInstanceRow[] = [];
    for (const t of templates) {
      const series = this.series.get({
        recurrenceRule: t.recurrence_rule,
        dtstart: t.dtstart_local,
        timeZone: t.timezone,
        durationMs: t.duration_ms,
        exdates: JSON.parse(t.exdates) as string[],
      });
      for (const o of series.overlapping(fromMs, toMs, this.limits.maxOccurrencesPerWindow)) {
        rows.push({
          schedule_id: t.id,
          specialist_id: t.specialist_id,
          original_start: o.startMs,
          start_at: o.startMs,
          end_at: o.endMs,
          title: null,
          status: 'confirmed',
          is_exception: 0,
          created_at: now,
        });
      }
    }
    return rows;
  }
}
