import type { Clock } from '../domain/clock.ts';
import { resolveWindow, type CalendarWindow } from '../domain/instances/calendar-window.ts';
import type { ListedInstance } from '../domain/instances/instance.ts';
import { covers } from '../domain/instances/materialized-ranges.ts';
import { effectiveOccurrences } from '../domain/occurrences/effective-occurrences.ts';
import type { RecurrenceCache } from '../domain/recurrence/recurrence-cache.ts';
import { MAX_DURATION_MS } from '../domain/schedules/schedule-draft.ts';
import type { Specialist } from '../domain/specialists/specialist.ts';
import { DAY_MS } from '../domain/time/durations.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Logger } from './logger.ts';
import { compile, type Materializer } from './materializer.ts';
import type { ServiceLimits } from './service-limits.ts';
import { noMetrics, timed, type ServiceMetrics } from './service-metrics.ts';
import type { SpecialistService } from './specialist.service.ts';

export interface CalendarQuery {
  readonly startDate?: string | undefined;
  readonly endDate?: string | undefined;
  readonly includeCancelled?: boolean | undefined;
}

export interface CalendarView {
  readonly specialist: Specialist;
  readonly window: CalendarWindow;
  readonly instances: ListedInstance[];
  /** Rows this request created (0 on a revisit). */
  readonly created: number;
  /** Occurrences returned without being stored (beyond the horizon). */
  readonly unstored: number;
  /** Changes whenever anything this answer depends on changes, in any process. */
  readonly etag: string;
}

/** A conditional view whose tag the client already has: nothing was read but the version. */
export interface NotModified {
  readonly notModified: true;
  readonly etag: string;
}

/**
 * The lazy read path. For one window: the specialist (one lookup: its version makes the ETag,
 * its coverage says whether anything is left to materialize), materialization only of what no
 * earlier view stored, then one read of the window. A revisit expands nothing and writes nothing;
 * a revisit with the current ETag reads nothing but the specialist.
 */
export class CalendarService {
  constructor(
    private readonly repos: Repositories,
    private readonly specialists: SpecialistService,
    private readonly materializer: Materializer,
    private readonly cache: RecurrenceCache,
    private readonly clock: Clock,
    private readonly limits: ServiceLimits,
    private readonly metrics: ServiceMetrics = noMetrics,
  ) {}

  view(specialistId: number, query: CalendarQuery, log: Logger): Promise<CalendarView>;
  /** With `ifNoneMatch`: when it accepts the current tag, nothing else is read (a 304). */
  view(
    specialistId: number,
    query: CalendarQuery,
    log: Logger,
    ifNoneMatch: (etag: string) => boolean,
  ): Promise<CalendarView | NotModified>;
  async view(
    specialistId: number,
    query: CalendarQuery,
    log: Logger,
    ifNoneMatch?: (etag: string) => boolean,
  ): Promise<CalendarView | NotModified> {
    // The version is read before the rows: an answer is never older than its tag.
    const specialist = await this.specialists.get(specialistId);
    const now = this.clock.now();
    const window = resolveWindow(query, specialist.timeZone, now, this.limits.maxRangeDays);
    const span = this.materializer.storable(window.fromMs, window.toMs);
    const whole = span !== null && span[0] === window.fromMs && span[1] === window.toMs;
    // Beyond the horizon an answer also depends on the day (what is stored moves with it).
    const etag = `"v${specialist.version}-${window.startDate}-${window.endDate}${query.includeCancelled ? '-c' : ''}${whole ? '' : `-d${Math.floor(now / DAY_MS)}`}"`;
    if (ifNoneMatch?.(etag)) return { notModified: true, etag };
    const { instances, created, unstored } = await this.occurrences(
      specialist,
      window.fromMs,
      window.toMs,
      log,
      query.includeCancelled ?? false,
    );
    return { specialist, window, instances, created, unstored, etag };
  }

  /**
   * The specialist's occurrences overlapping `[fromMs, toMs)`, sorted: materialized where the
   * horizon allows (what no earlier read stored is stored now), computed beyond it. What views,
   * slots and free/busy all read.
   */
  async occurrences(
    specialist: Specialist,
    fromMs: number,
    toMs: number,
    log: Logger,
    includeCancelled = false,
  ): Promise<{ instances: ListedInstance[]; created: number; unstored: number }> {
    const specialistId = specialist.id;
    const span = this.materializer.storable(fromMs, toMs);
    const created =
      span && !covers(specialist.materializedRanges, span[0], span[1])
        ? await this.materializer.ensure(specialistId, span[0], span[1], log)
        : 0;
    const rows = await timed(this.metrics, 'read_window', () =>
      this.repos.instances.listOverlapping(
        specialistId,
        fromMs,
        toMs,
        MAX_DURATION_MS,
        includeCancelled,
      ),
    );
    const outside: Array<[number, number]> = span
      ? [
          [fromMs, span[0]],
          [span[1], toMs],
        ]
      : [[fromMs, toMs]];
    const unstored = await this.unstored(
      specialistId,
      outside.filter(([a, b]) => a < b),
      rows,
    );
    const instances = unstored.length
      ? [...rows, ...unstored].sort(
          (x, y) => x.startMs - y.startMs || (x.id ?? Infinity) - (y.id ?? Infinity),
        )
      : rows;
    log.debug(
      { specialist_id: specialistId, returned: instances.length, unstored: unstored.length },
      'returning instances',
    );
    return { instances, created, unstored: unstored.length };
  }

  /** Plain occurrences in spans beyond the horizon, from the occurrence model; stored rows win. */
  private async unstored(
    specialistId: number,
    spans: ReadonlyArray<[number, number]>,
    rows: readonly ListedInstance[],
  ): Promise<ListedInstance[]> {
    const out: ListedInstance[] = [];
    const stored = new Set(rows.map((r) => `${r.scheduleId}:${r.originalStartMs}`));
    for (const [fromMs, toMs] of spans) {
      const schedules = await this.repos.schedules.findOverlapping(specialistId, fromMs, toMs);
      if (schedules.length === 0) continue;
      const overrides = await this.repos.instances.listOverrides(
        specialistId,
        fromMs,
        toMs,
        MAX_DURATION_MS,
      );
      for (const s of schedules) {
        const occurrences = effectiveOccurrences(compile(this.cache, s), overrides, fromMs, toMs, {
          maxOccurrences: this.limits.maxOccurrencesPerWindow,
        });
        for (const o of occurrences) {
          // Overrides are rows: the window read already has them.
          if (o.instanceId !== null || stored.has(`${s.id}:${o.originalStartMs}`)) continue;
          out.push({
            id: null,
            scheduleId: s.id,
            specialistId,
            originalStartMs: o.originalStartMs,
            startMs: o.startMs,
            endMs: o.endMs,
            title: null,
            status: 'confirmed',
            isException: false,
            scheduleTitle: s.title,
            timeZone: s.timeZone,
            recurringEventId: s.recurringEventId,
          });
        }
      }
    }
    return out;
  }
}
