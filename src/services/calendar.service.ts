import { LRUCache } from 'lru-cache';
import type { Clock } from '../domain/clock.ts';
import { notFound } from '../domain/errors.ts';
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

/** The tag of a window without its rows: what a conditional request needs first. */
export interface CalendarTag {
  readonly etag: string;
}

/**
 * The lazy read path. For one window: the specialist (its version makes the ETag, its coverage
 * says whether anything is left to materialize), materialization only of what no earlier view
 * stored, then one read of the window. A revisit expands nothing and writes nothing, and is one
 * statement (specialist and rows together); a conditional revisit with the current ETag reads
 * nothing but the version.
 */
export class CalendarService {
  /** A specialist's zone never changes; every read still checks it against the row it reads. */
  private readonly zones = new LRUCache<number, string>({ max: 100_000 });
  /**
   * Windows of explicit dates are a pure function of (dates, zone). Resolving one through Temporal
   * was ~9 % of a cached view's CPU in the server profile; memoised here.
   */
  private readonly windows = new LRUCache<string, CalendarWindow>({ max: 10_000 });

  constructor(
    private readonly repos: Repositories,
    private readonly specialists: SpecialistService,
    private readonly materializer: Materializer,
    private readonly cache: RecurrenceCache,
    private readonly clock: Clock,
    private readonly limits: ServiceLimits,
    private readonly metrics: ServiceMetrics = noMetrics,
  ) {}

  private windowOf(query: CalendarQuery, timeZone: string, now: number): CalendarWindow {
    if (query.startDate === undefined && query.endDate === undefined)
      return resolveWindow(query, timeZone, now, this.limits.maxRangeDays);
    const key = `${timeZone}|${query.startDate ?? ''}|${query.endDate ?? ''}`;
    let window = this.windows.get(key);
    if (window === undefined) {
      window = resolveWindow(query, timeZone, now, this.limits.maxRangeDays);
      this.windows.set(key, window);
    }
    return window;
  }

  /** Whether the whole window lies inside the storage horizon (nothing computed on the fly). */
  private stored(window: CalendarWindow): [number, number] | null {
    const span = this.materializer.storable(window.fromMs, window.toMs);
    return span !== null && span[0] === window.fromMs && span[1] === window.toMs ? span : null;
  }

  private etagOf(version: number, window: CalendarWindow, query: CalendarQuery, now: number) {
    // Beyond the horizon an answer also depends on the day (what is stored moves with it).
    const day = this.stored(window) ? '' : `-d${Math.floor(now / DAY_MS)}`;
    return `"v${version}-${window.startDate}-${window.endDate}${query.includeCancelled ? '-c' : ''}${day}"`;
  }

  /**
   * The current ETag of a window, from the specialist's version alone (one primary-key lookup,
   * read on every call: another process may have written since).
   */
  async tag(specialistId: number, query: CalendarQuery): Promise<CalendarTag> {
    const found = await this.repos.specialists.version(specialistId);
    if (!found) throw notFound('specialist', specialistId);
    const now = this.clock.now();
    return {
      etag: this.etagOf(found.version, this.windowOf(query, found.timeZone, now), query, now),
    };
  }

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
    if (ifNoneMatch) {
      const { etag } = await this.tag(specialistId, query);
      if (ifNoneMatch(etag)) return { notModified: true, etag };
    }
    const now = this.clock.now();
    let specialist: Specialist | undefined;
    const zone = this.zones.get(specialistId);
    if (zone !== undefined) {
      const window = this.windowOf(query, zone, now);
      const span = this.stored(window);
      if (span) {
        // The revisit: one statement; its rows are the answer when the coverage says so.
        const read = await timed(this.metrics, 'read_window', () =>
          this.repos.windows.read(
            specialistId,
            window.fromMs,
            window.toMs,
            MAX_DURATION_MS,
            query.includeCancelled ?? false,
          ),
        );
        if (!read) throw notFound('specialist', specialistId);
        specialist = read.specialist;
        if (
          specialist.timeZone === zone &&
          covers(specialist.materializedRanges, span[0], span[1])
        ) {
          log.debug(
            { specialist_id: specialistId, returned: read.instances.length, unstored: 0 },
            'returning instances',
          );
          const etag = this.etagOf(specialist.version, window, query, now);
          return { specialist, window, instances: read.instances, created: 0, unstored: 0, etag };
        }
      }
    }
    // The version is read before the rows: an answer is never older than its tag.
    specialist ??= await this.specialists.get(specialistId);
    this.zones.set(specialistId, specialist.timeZone);
    const window = this.windowOf(query, specialist.timeZone, now);
    const etag = this.etagOf(specialist.version, window, query, now);
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
