import { epochMsToLocal } from '../time/date-time.ts';
import { DAY_MS, MINUTE_MS } from '../time/durations.ts';
import type { BookableService } from './bookable-service.ts';
import type { Occupancy } from './booking.ts';
import type { Interval } from './intervals.ts';

/** An availability occurrence a slot may lie in (confirmed, at its effective time). */
export interface AvailabilityBlock extends Interval {
  readonly scheduleId: number;
}

/** Everything the five slot rules look at, read in one go (under the specialist's lock for a write). */
export interface SlotContext {
  readonly service: BookableService;
  /** Effective confirmed occurrences of the specialist's schedules around the window. */
  readonly availability: readonly AvailabilityBlock[];
  /** Confirmed bookings and live holds of the specialist (any service) around the window. */
  readonly occupancy: readonly Occupancy[];
  /** Busy time from the specialist's external calendars. */
  readonly busyElsewhere: readonly Interval[];
  readonly nowMs: number;
  /** The specialist's zone: `max_per_day` counts per local day in it. */
  readonly timeZone: string;
}

/** A slot that can be booked, and how many more bookings it takes. */
export interface Slot {
  readonly startMs: number;
  readonly endMs: number;
  readonly remaining: number;
}

/** Why a start cannot be booked (the contract's reasons, and `off_grid` for a malformed start). */
export type SlotRefusal =
  | 'off_grid'
  | 'outside_availability'
  | 'too_soon'
  | 'too_far'
  | 'held'
  | 'fully_booked'
  | 'buffer'
  | 'busy_elsewhere'
  | 'daily_limit';

export type SlotVerdict = { ok: true; remaining: number } | { ok: false; reason: SlotRefusal };

/** Longest buffered span of any booking (720 min + 2 × 240 min buffers): bounds the search. */
const MAX_SPAN_MS = (720 + 480) * MINUTE_MS;

/** The five rules over one context, with the occupancy indexed once. */
class SlotRules {
  private readonly byStart: readonly Occupancy[];
  private readonly busy: readonly Interval[];
  private readonly allowed: readonly AvailabilityBlock[];
  private readonly durationMs: number;
  private readonly stepMs: number;
  private readonly beforeMs: number;
  private readonly afterMs: number;
  private readonly dayCounts = new Map<string, number>();

  constructor(private readonly ctx: SlotContext) {
    const s = ctx.service;
    this.durationMs = s.durationMinutes * MINUTE_MS;
    this.stepMs = s.slotStepMinutes * MINUTE_MS;
    this.beforeMs = s.bufferBeforeMinutes * MINUTE_MS;
    this.afterMs = s.bufferAfterMinutes * MINUTE_MS;
    const ids = s.scheduleIds && new Set(s.scheduleIds);
    this.allowed = ctx.availability
      .filter((a) => !ids || ids.has(a.scheduleId))
      .sort((a, b) => a.startMs - b.startMs);
    this.byStart = [...ctx.occupancy].sort((a, b) => a.spanStartMs - b.spanStartMs);
    this.busy = [...ctx.busyElsewhere].sort((a, b) => a.startMs - b.startMs);
    // Local days cost a zone conversion each: counted only when a daily limit asks for them.
    if (s.maxPerDay !== null)
      for (const o of ctx.occupancy)
        if (o.serviceId === s.id) {
          const day = this.dayOf(o.startMs);
          this.dayCounts.set(day, (this.dayCounts.get(day) ?? 0) + 1);
        }
  }

  private dayOf(ms: number): string {
    return epochMsToLocal(ms, this.ctx.timeZone).slice(0, 10);
  }

  /** Rule 1: candidate starts, each an occurrence's start plus whole steps, ending inside it. */
  candidates(fromMs: number, toMs: number): number[] {
    const out = new Set<number>();
    for (const a of this.allowed) {
      if (a.startMs >= toMs || a.endMs - this.durationMs < fromMs) continue;
      const k = Math.max(0, Math.ceil((fromMs - a.startMs) / this.stepMs));
      for (
        let s = a.startMs + k * this.stepMs;
        s + this.durationMs <= a.endMs && s < toMs;
        s += this.stepMs
      )
        if (s >= fromMs) out.add(s);
    }
    return [...out].sort((x, y) => x - y);
  }

  /** Rule 1 for one start: on an occurrence's grid (ok), inside one but off it, or outside all. */
  placement(s: number): 'ok' | 'off_grid' | 'outside_availability' {
    let inside = false;
    for (const a of this.allowed) {
      if (a.startMs > s) break;
      if (s + this.durationMs > a.endMs) continue;
      inside = true;
      if ((s - a.startMs) % this.stepMs === 0) return 'ok';
    }
    return inside ? 'off_grid' : 'outside_availability';
  }

  /** Rules 2–5 for a start already on the grid. */
  judge(s: number): SlotVerdict {
    const { service, nowMs } = this.ctx;
    if (s < nowMs + service.minNoticeMinutes * MINUTE_MS) return { ok: false, reason: 'too_soon' };
    if (s >= nowMs + service.maxDaysAhead * DAY_MS) return { ok: false, reason: 'too_far' };
    const spanStart = s - this.beforeMs;
    const spanEnd = s + this.durationMs + this.afterMs;
    let bookings = 0;
    let holds = 0;
    let overlapping = false;
    // Occupancies whose span may reach this one start at most MAX_SPAN_MS before it.
    for (let i = this.firstFrom(spanStart - MAX_SPAN_MS); i < this.byStart.length; i++) {
      const o = this.byStart[i] as Occupancy;
      if (o.spanStartMs >= spanEnd) break;
      if (o.serviceId === service.id && o.startMs === s) {
        if (o.kind === 'booking') bookings++;
        else holds++;
      } else if (o.spanEndMs > spanStart) overlapping = true;
    }
    if (bookings + holds >= service.capacity)
      return { ok: false, reason: bookings >= service.capacity ? 'fully_booked' : 'held' };
    if (overlapping) return { ok: false, reason: 'buffer' };
    if (this.busy.some((b) => b.startMs < spanEnd && b.endMs > spanStart))
      return { ok: false, reason: 'busy_elsewhere' };
    if (service.maxPerDay !== null && (this.dayCounts.get(this.dayOf(s)) ?? 0) >= service.maxPerDay)
      return { ok: false, reason: 'daily_limit' };
    return { ok: true, remaining: service.capacity - bookings - holds };
  }

  private firstFrom(spanStartMs: number): number {
    let lo = 0;
    let hi = this.byStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.byStart[mid] as Occupancy).spanStartMs < spanStartMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/**
 * The slots offered in `[fromMs, toMs)` (by start), sorted: the contract's five rules over the
 * effective availability, bookings, live holds and external busy time. Pure.
 *
 * @example offeredSlots(ctx, mondayMs, mondayMs + 7 * DAY_MS) // [{ startMs, endMs, remaining: 1 }, …]
 */
export function offeredSlots(ctx: SlotContext, fromMs: number, toMs: number): Slot[] {
  return slotsWithExpiry(ctx, fromMs, toMs).slots;
}

/**
 * `offeredSlots`, and the first instant at which the answer changes by time alone, with no write:
 * an offered slot falls within the minimum notice, a too-far one comes within reach, a hold
 * expires. Until then a cached answer is exact (the slots ETag carries it).
 */
export function slotsWithExpiry(
  ctx: SlotContext,
  fromMs: number,
  toMs: number,
): { slots: Slot[]; validUntilMs: number } {
  const rules = new SlotRules(ctx);
  const { service } = ctx;
  const durationMs = service.durationMinutes * MINUTE_MS;
  const slots: Slot[] = [];
  let validUntilMs = Number.POSITIVE_INFINITY;
  for (const s of rules.candidates(fromMs, toMs)) {
    const verdict = rules.judge(s);
    if (verdict.ok) {
      slots.push({ startMs: s, endMs: s + durationMs, remaining: verdict.remaining });
      validUntilMs = Math.min(validUntilMs, s - service.minNoticeMinutes * MINUTE_MS);
    } else if (verdict.reason === 'too_far') {
      validUntilMs = Math.min(validUntilMs, s - service.maxDaysAhead * DAY_MS + 1);
    }
  }
  for (const o of ctx.occupancy)
    if (o.expiresAt !== undefined) validUntilMs = Math.min(validUntilMs, o.expiresAt);
  return { slots, validUntilMs };
}

/**
 * Whether a client may book (or hold) the slot starting at `startMs` now, and if not, why: the
 * first rule it fails, in the contract's order.
 *
 * @example checkSlot(ctx, Date.parse('2027-01-12T09:15:00Z')) // { ok: false, reason: 'fully_booked' }
 */
export function checkSlot(ctx: SlotContext, startMs: number): SlotVerdict {
  const rules = new SlotRules(ctx);
  const placed = rules.placement(startMs);
  if (placed !== 'ok') return { ok: false, reason: placed };
  return rules.judge(startMs);
}
