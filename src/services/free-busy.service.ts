import type { Clock } from '../domain/clock.ts';
import {
  clipIntervals,
  mergeIntervals,
  subtractIntervals,
  type Interval,
} from '../domain/bookings/intervals.ts';
import { slotsWithExpiry } from '../domain/bookings/slot-rules.ts';
import { DomainError, invalid } from '../domain/errors.ts';
import { formatInstant, parseDateTimeInput } from '../domain/time/date-time.ts';
import { DAY_MS } from '../domain/time/durations.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { CalendarService } from './calendar.service.ts';
import type { Logger } from './logger.ts';
import { availabilityOf, slotContext } from './slot.service.ts';

export const MAX_FREE_BUSY_SPECIALISTS = 50;
export const MAX_FREE_BUSY_DAYS = 62;

export interface FreeBusyInput {
  readonly specialist_ids: readonly number[];
  readonly time_min: string;
  readonly time_max: string;
  readonly service_id?: number | null;
}

export interface FreeBusyEntry {
  readonly timezone?: string;
  readonly busy: Array<{ start: string; end: string }>;
  readonly free: Array<{ start: string; end: string }>;
  readonly errors: Array<{ reason: string }>;
}

/**
 * `POST /free-busy`: several specialists' busy time (bookings and live holds with their buffers,
 * external busy time) and free time (availability less busy; with a service, only where it could
 * start a slot), over a span. Reads the same occurrence listing as views and slots. An unknown
 * specialist is an error of its entry, not of the request. Public: no names, no e-mail addresses.
 */
export class FreeBusyService {
  constructor(
    private readonly repos: Repositories,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  async query(
    input: FreeBusyInput,
    log: Logger,
  ): Promise<{ timeMin: string; timeMax: string; specialists: Record<string, FreeBusyEntry> }> {
    const ids = [...new Set(input.specialist_ids)];
    if (ids.length === 0)
      throw invalid('specialist_ids must name at least one specialist', {
        field: 'specialist_ids',
      });
    if (ids.length > MAX_FREE_BUSY_SPECIALISTS)
      throw new DomainError(
        'range_too_large',
        `at most ${MAX_FREE_BUSY_SPECIALISTS} specialists at once`,
        {
          field: 'specialist_ids',
          max: MAX_FREE_BUSY_SPECIALISTS,
        },
      );
    const min = instant(input.time_min, 'time_min');
    const max = instant(input.time_max, 'time_max');
    if (max <= min) throw invalid('time_max must be after time_min', { field: 'time_max' });
    if (max - min > MAX_FREE_BUSY_DAYS * DAY_MS)
      throw new DomainError(
        'range_too_large',
        `the span is longer than ${MAX_FREE_BUSY_DAYS} days`,
        {
          max_days: MAX_FREE_BUSY_DAYS,
        },
      );
    const specialists = new Map(
      (await Promise.all(ids.map((id) => this.repos.specialists.findById(id)))).flatMap((s) =>
        s ? [[s.id, s] as const] : [],
      ),
    );
    const serviceId = input.service_id ?? null;
    const service =
      serviceId === null ? null : ((await this.repos.services.findByIds([serviceId]))[0] ?? null);
    if (
      serviceId !== null &&
      (!service || !service.isActive || !specialists.has(service.specialistId))
    )
      throw invalid('service_id is not an active service of one of the specialists', {
        field: 'service_id',
        value: serviceId,
      });
    const now = this.clock.now();
    const found = [...specialists.keys()];
    // Everyone's bookings, holds and external busy time in three statements, not three per specialist.
    const [occupancies, externals] = await Promise.all([
      this.repos.bookings.occupancyOf(found, min - DAY_MS, max + DAY_MS, now),
      this.repos.busyTime.intervalsOf(found, min, max),
    ]);
    const out: Record<string, FreeBusyEntry> = {};
    for (const id of ids) {
      const specialist = specialists.get(id);
      if (!specialist) {
        out[String(id)] = { busy: [], free: [], errors: [{ reason: 'not_found' }] };
        continue;
      }
      const tz = specialist.timeZone;
      const listing = await this.calendar.occurrences(specialist, min, max, log);
      const availability = availabilityOf(listing.instances);
      const occupancy = occupancies.get(id) ?? [];
      const external = externals.get(id) ?? [];
      const busy = clipIntervals(
        mergeIntervals([
          ...occupancy.map((o) => ({ startMs: o.spanStartMs, endMs: o.spanEndMs })),
          ...external,
        ]),
        min,
        max,
      );
      let free: Interval[];
      if (service && service.specialistId === id) {
        const ctx = await slotContext(this.repos, specialist, service, availability, min, max, now);
        free = mergeIntervals(slotsWithExpiry(ctx, min, max).slots);
      } else free = subtractIntervals(availability, busy);
      const show = (list: readonly Interval[]) =>
        clipIntervals(mergeIntervals(list), min, max).map((i) => ({
          start: formatInstant(i.startMs, tz),
          end: formatInstant(i.endMs, tz),
        }));
      out[String(id)] = { timezone: tz, busy: show(busy), free: show(free), errors: [] };
    }
    return {
      timeMin: formatInstant(min, 'UTC'),
      timeMax: formatInstant(max, 'UTC'),
      specialists: out,
    };
  }
}

/** An instant with an offset or Z (a span of several specialists has no one zone for local times). */
function instant(value: string, field: string): number {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(value))
    throw invalid(`${field} must be an instant with Z or an offset, like 2027-01-11T00:00:00Z`, {
      field,
      value,
    });
  return parseDateTimeInput(value, 'UTC', field).epochMs;
}
