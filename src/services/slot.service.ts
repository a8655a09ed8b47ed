import { LRUCache } from 'lru-cache';
import type { Clock } from '../domain/clock.ts';
import type { BookableService } from '../domain/bookings/bookable-service.ts';
import {
  slotsWithExpiry,
  type AvailabilityBlock,
  type Slot,
  type SlotContext,
} from '../domain/bookings/slot-rules.ts';
import { resolveWindow, type CalendarWindow } from '../domain/instances/calendar-window.ts';
import type { ListedInstance } from '../domain/instances/instance.ts';
import type { Specialist } from '../domain/specialists/specialist.ts';
import { DAY_MS } from '../domain/time/durations.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { CalendarService } from './calendar.service.ts';
import type { CatalogService } from './catalog.service.ts';
import type { Logger } from './logger.ts';
import type { SpecialistService } from './specialist.service.ts';

/** The longest slots window (RECURRA: the contract's 62 days). */
export const MAX_SLOT_DAYS = 62;

export interface SlotsView {
  readonly specialist: Specialist;
  readonly service: BookableService;
  readonly window: CalendarWindow;
  readonly slots: Slot[];
  /** Instance rows this request stored (the window's availability, materialized like a view). */
  readonly created: number;
  readonly etag: string;
}

/** The confirmed occurrences of a listing, as blocks slots may lie in. */
export function availabilityOf(instances: readonly ListedInstance[]): AvailabilityBlock[] {
  return instances
    .filter((i) => i.status === 'confirmed')
    .map((i) => ({ scheduleId: i.scheduleId, startMs: i.startMs, endMs: i.endMs }));
}

/**
 * Everything the slot rules look at around `[fromMs, toMs)`: bookings and live holds a day either
 * side (buffers, daily limits), external busy time. `availability` comes from the one occurrence
 * listing (materialized like a view).
 */
export async function slotContext(
  repos: Repositories,
  specialist: Specialist,
  service: BookableService,
  availability: readonly AvailabilityBlock[],
  fromMs: number,
  toMs: number,
  nowMs: number,
): Promise<SlotContext> {
  const occupancy = await repos.bookings.occupancy(
    specialist.id,
    fromMs - DAY_MS,
    toMs + DAY_MS,
    nowMs,
  );
  return {
    service,
    availability,
    occupancy,
    busyElsewhere: await repos.busyTime.intervals(specialist.id, fromMs - DAY_MS, toMs + DAY_MS),
    nowMs,
    timeZone: specialist.timeZone,
  };
}

/**
 * `GET …/slots`: the slots of a service in a window of local days, computed from the lazily
 * materialized availability (nothing is stored per slot). The ETag carries the instant at which
 * the answer would change by time alone, so a 304 is never stale: same version, same window,
 * and that instant not yet reached.
 */
export class SlotService {
  /**
   * Answers already computed, by their ETag prefix (specialist version, window, service) with the
   * instant they stop being exact. Every write of a specialist (bookings, holds, services,
   * availability, busy time) bumps the version in its transaction and the version is read on every
   * request, so an entry is never served after any process wrote; time alone is the tag's bound.
   */
  private readonly answers = new LRUCache<string, { view: SlotsView; untilMs: number }>({
    max: 500,
  });

  constructor(
    private readonly repos: Repositories,
    private readonly specialists: SpecialistService,
    private readonly catalog: CatalogService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly observe: (seconds: number) => void = () => undefined,
  ) {}

  async slots(
    specialistId: number,
    serviceId: number,
    query: { startDate?: string | undefined; endDate?: string | undefined },
    log: Logger,
    ifNoneMatch?: string,
  ): Promise<SlotsView | { notModified: true; etag: string }> {
    const started = performance.now();
    const specialist = await this.specialists.get(specialistId);
    const now = this.clock.now();
    const window = resolveWindow(query, specialist.timeZone, now, MAX_SLOT_DAYS);
    const prefix = `"s${specialist.version}-${window.startDate}-${window.endDate}-${serviceId}-u`;
    const key = `${specialistId}:${prefix}`;
    const hit = this.answers.get(key);
    const known = hit && now < hit.untilMs ? hit.view : undefined;
    // A known answer proves the service was this specialist's at this version (a deletion bumps it).
    const service = known?.service ?? (await this.catalog.get(specialistId, serviceId));
    const cached = ifNoneMatch
      ?.split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .find((t) => t.startsWith(prefix) && now < Number.parseInt(t.slice(prefix.length), 36));
    if (cached) return { notModified: true, etag: cached };
    if (known) {
      this.observe((performance.now() - started) / 1000);
      return { ...known, specialist, created: 0 };
    }
    const listing = await this.calendar.occurrences(specialist, window.fromMs, window.toMs, log);
    const ctx = await slotContext(
      this.repos,
      specialist,
      service,
      availabilityOf(listing.instances),
      window.fromMs,
      window.toMs,
      now,
    );
    const { slots, validUntilMs } = slotsWithExpiry(ctx, window.fromMs, window.toMs);
    // A far-off bound (no slot, no hold) is capped: the tag still ends within a day.
    const until = Math.min(validUntilMs, now + DAY_MS);
    this.observe((performance.now() - started) / 1000);
    const view = {
      specialist,
      service,
      window,
      slots,
      created: listing.created,
      etag: `${prefix}${until.toString(36)}"`,
    };
    this.answers.set(key, { view, untilMs: until });
    return view;
  }

  /** Up to `n` slots after `afterMs` (what a 409 offers instead), searched a week at a time. */
  async after(
    specialist: Specialist,
    service: BookableService,
    afterMs: number,
    n: number,
    log: Logger,
  ): Promise<Slot[]> {
    const now = this.clock.now();
    const limit = now + service.maxDaysAhead * DAY_MS;
    const out: Slot[] = [];
    for (let from = afterMs + 1; out.length < n && from < limit; from += 7 * DAY_MS) {
      const to = Math.min(from + 7 * DAY_MS, limit);
      const listing = await this.calendar.occurrences(specialist, from, to, log);
      const ctx = await slotContext(
        this.repos,
        specialist,
        service,
        availabilityOf(listing.instances),
        from,
        to,
        now,
      );
      out.push(...slotsWithExpiry(ctx, from, to).slots.slice(0, n - out.length));
    }
    return out;
  }
}
