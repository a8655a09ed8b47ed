import { createHash } from 'node:crypto';
import type { Clock } from '../domain/clock.ts';
import type { BookableService } from '../domain/bookings/bookable-service.ts';
import { isEmail, type Booking, type Hold } from '../domain/bookings/booking.ts';
import { checkSlot, type SlotRefusal } from '../domain/bookings/slot-rules.ts';
import { DomainError, invalid, notFound } from '../domain/errors.ts';
import { resolveWindow, type CalendarWindow } from '../domain/instances/calendar-window.ts';
import { MAX_DURATION_MS } from '../domain/schedules/schedule-draft.ts';
import type { Specialist } from '../domain/specialists/specialist.ts';
import {
  formatInstant,
  parseDateTimeInput,
  startOfDay,
  todayIn,
} from '../domain/time/date-time.ts';
import { MINUTE_MS, SECOND_MS } from '../domain/time/durations.ts';
import { inTransaction, type Repositories } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import { hashToken, issueToken, tokensEqual } from './access-tokens.ts';
import type { CatalogService } from './catalog.service.ts';
import type { ChangeRecorder } from './change-recorder.ts';
import { changeOf } from '../domain/changes/change.ts';
import type { Logger } from './logger.ts';
import type { Materializer } from './materializer.ts';
import { seal, unseal } from './sealed-token.ts';
import type { ServiceLimits } from './service-limits.ts';
import { availabilityOf, slotContext, type SlotService } from './slot.service.ts';
import type { SpecialistService } from './specialist.service.ts';

export interface BookingInput {
  readonly service_id: number;
  readonly start_datetime: string;
  readonly client: { readonly name: string; readonly email: string };
  readonly notes?: string | null;
  readonly hold_token?: string;
}

export interface HoldInput {
  readonly service_id: number;
  readonly start_datetime: string;
}

/** What a caller presents to change a booking: the specialist's or admin's rights, or the client's token. */
export type BookingAuthority =
  { readonly kind: 'owner' } | { readonly kind: 'client'; readonly cancelToken: string };

/** Counts of what the booking paths did, for the metrics. */
export interface BookingMetrics {
  booking(result: 'created' | 'conflict' | 'replayed'): void;
  hold(result: 'created' | 'conflict' | 'released'): void;
}

const NEXT_SLOTS = 3;
/** Bookings are listed over at most this many days, like calendar-instances. */
const MAX_LIST_DAYS = 366;

/**
 * Holds and bookings. Every write runs in one transaction that first locks the specialist's row:
 * what it reads to decide (availability, bookings, live holds, busy time) cannot change until it
 * commits, so "the slot is free" and the insert are one step, whatever the concurrency. The
 * database's own constraints (one booking per seat; on PostgreSQL no two overlapping buffered
 * spans) refuse anything that would slip past.
 */
export class BookingService {
  constructor(
    private readonly storage: Storage,
    private readonly repos: Repositories,
    private readonly specialists: SpecialistService,
    private readonly catalog: CatalogService,
    private readonly materializer: Materializer,
    private readonly slots: SlotService,
    private readonly clock: Clock,
    private readonly limits: ServiceLimits,
    private readonly metrics: BookingMetrics,
    private readonly changes: ChangeRecorder,
  ) {}

  /** `POST …/holds`: keeps a slot for `RECURRA_HOLD_SECONDS` while the client types. */
  async hold(
    specialistId: number,
    input: HoldInput,
    log: Logger,
  ): Promise<{ hold: Hold; token: string }> {
    const { specialist, service, startMs } = await this.resolve(specialistId, input);
    const result = await inTransaction(this.storage, async (repos) => {
      const locked = await this.lock(repos, specialistId);
      const verdict = await this.check(repos, locked, service, startMs, {}, log);
      if (!verdict.ok) return verdict;
      const { token, hash } = issueToken('rch');
      const now = this.clock.now();
      const hold = await repos.bookings.insertHold({
        specialistId,
        serviceId: service.id,
        ...spanOf(service, startMs),
        tokenHash: hash,
        expiresAt: now + this.limits.holdSeconds * SECOND_MS,
        createdAt: now,
      });
      return { ok: true as const, hold, token };
    });
    if (!result.ok) {
      this.metrics.hold('conflict');
      throw await this.unavailable(specialist, service, startMs, result.reason, log);
    }
    this.metrics.hold('created');
    return { hold: result.hold, token: result.token };
  }

  /** `DELETE …/holds/{hid}?hold_token=`: releases a hold. Idempotent once released or expired. */
  async release(specialistId: number, holdId: number, token: string): Promise<void> {
    await inTransaction(this.storage, async (repos) => {
      await this.lock(repos, specialistId);
      const hold = await repos.bookings.findHold(specialistId, holdId);
      if (!hold) throw notFound('hold', holdId);
      if (!tokensEqual(hashToken(token), hold.tokenHash))
        throw new DomainError('forbidden', 'hold_token is not the token of this hold');
      await repos.bookings.deleteHold(hold.id);
    });
    this.metrics.hold('released');
  }

  /**
   * The specialist of a booking, for a client who holds its cancel token (the manage link
   * `/book/manage/{booking}?token=…` names no specialist); `undefined` for any other token, so
   * the link reveals nothing to someone without it.
   */
  async specialistOf(bookingId: number, cancelToken: string): Promise<number | undefined> {
    const booking = await this.repos.bookings.findAnyById(bookingId);
    if (!booking || !tokensEqual(hashToken(cancelToken), booking.cancelTokenHash)) return undefined;
    return booking.specialistId;
  }

  /**
   * `POST …/bookings`: books a slot exactly when `slots` would offer it now (the client's own live
   * hold counting as free for them). With an Idempotency-Key, the same key and body answer the
   * original booking again; the same key with another body is a 422.
   */
  async book(
    specialistId: number,
    input: BookingInput,
    idempotencyKey: string | undefined,
    log: Logger,
  ): Promise<{ booking: Booking; cancelToken: string | null; replayed: boolean }> {
    const client = { name: input.client.name.trim(), email: input.client.email.trim() };
    if (!client.name) throw invalid('client.name must not be empty', { field: 'client.name' });
    if (!isEmail(client.email))
      throw invalid('client.email is not an e-mail address', {
        field: 'client.email',
        value: client.email,
      });
    if (
      idempotencyKey !== undefined &&
      (idempotencyKey.length === 0 || idempotencyKey.length > 255)
    )
      throw invalid('Idempotency-Key must be 1 to 255 characters', { field: 'Idempotency-Key' });
    const { specialist, service, startMs } = await this.resolve(specialistId, input);
    const requestHash = hashRequest(input);
    const passphrase = `${specialistId}:${idempotencyKey ?? ''}`;
    const result = await inTransaction(this.storage, async (repos) => {
      const locked = await this.lock(repos, specialistId);
      if (idempotencyKey !== undefined) {
        const seen = await repos.bookings.findIdempotencyKey(specialistId, idempotencyKey);
        if (seen) {
          if (seen.requestHash !== requestHash)
            throw new DomainError(
              'idempotency_mismatch',
              'this Idempotency-Key was used with a different request body',
              { field: 'Idempotency-Key' },
            );
          const booking = await repos.bookings.findById(specialistId, seen.bookingId);
          if (!booking) throw notFound('booking', seen.bookingId);
          return {
            ok: true as const,
            booking,
            token: unseal(seen.sealedToken, passphrase),
            replayed: true,
          };
        }
      }
      let holdId: number | undefined;
      if (input.hold_token !== undefined) {
        const hold = await repos.bookings.findHoldByToken(
          specialistId,
          hashToken(input.hold_token),
        );
        if (hold && (hold.serviceId !== service.id || hold.startMs !== startMs))
          throw invalid('hold_token holds another slot', { field: 'hold_token' });
        if (hold && hold.expiresAt > this.clock.now()) holdId = hold.id;
      }
      const verdict = await this.check(repos, locked, service, startMs, { holdId }, log);
      if (!verdict.ok) return verdict;
      const { token, hash } = issueToken('rcb');
      const booking = await repos.bookings.insert({
        specialistId,
        serviceId: service.id,
        ...spanOf(service, startMs),
        seat: await freeSeat(repos, service, startMs),
        client,
        notes: input.notes?.trim() || null,
        cancelTokenHash: hash,
        nowMs: this.clock.now(),
      });
      if (holdId !== undefined) await repos.bookings.deleteHold(holdId);
      await this.changes.record(repos, [changeOf('booking.created', specialistId, booking.id)]);
      if (idempotencyKey !== undefined)
        await repos.bookings.insertIdempotencyKey({
          specialistId,
          key: idempotencyKey,
          requestHash,
          bookingId: booking.id,
          sealedToken: seal(token, passphrase),
          nowMs: this.clock.now(),
        });
      return { ok: true as const, booking, token, replayed: false };
    });
    if (!result.ok) {
      this.metrics.booking('conflict');
      throw await this.unavailable(specialist, service, startMs, result.reason, log);
    }
    this.metrics.booking(result.replayed ? 'replayed' : 'created');
    log.info(
      { booking_id: result.booking.id, specialist_id: specialistId, replayed: result.replayed },
      'booking',
    );
    return { booking: result.booking, cancelToken: result.token, replayed: result.replayed };
  }

  /**
   * `PATCH …/bookings/{bid}`: a new start is checked as a new booking would be (ignoring this
   * booking itself) and applied atomically, or a 409 leaves the booking unchanged; notes may change.
   */
  async update(
    specialistId: number,
    bookingId: number,
    patch: { start_datetime?: string; notes?: string | null },
    authority: BookingAuthority,
    log: Logger,
  ): Promise<Booking> {
    if (Object.keys(patch).length === 0)
      throw invalid('the edit changes nothing: send at least one field');
    const specialist = await this.specialists.get(specialistId);
    const startMs =
      patch.start_datetime === undefined
        ? undefined
        : parseDateTimeInput(patch.start_datetime, specialist.timeZone, 'start_datetime').epochMs;
    if (startMs !== undefined && startMs < this.clock.now())
      throw invalid('start_datetime is in the past', {
        field: 'start_datetime',
        value: patch.start_datetime,
      });
    const result = await inTransaction(this.storage, async (repos) => {
      const locked = await this.lock(repos, specialistId);
      const booking = await this.authorized(repos, specialistId, bookingId, authority);
      if (booking.status !== 'confirmed')
        throw invalid('a cancelled booking cannot be changed', { booking_id: bookingId });
      const service = await repos.services.findById(specialistId, booking.serviceId);
      if (!service) throw notFound('service', booking.serviceId);
      let updated = booking;
      if (startMs !== undefined && startMs !== booking.startMs) {
        const verdict = await this.check(
          repos,
          locked,
          service,
          startMs,
          { bookingId: booking.id },
          log,
        );
        if (!verdict.ok) return { ok: false as const, reason: verdict.reason, service };
        updated = await repos.bookings.reschedule(
          booking.id,
          {
            serviceId: service.id,
            ...spanOf(service, startMs),
            seat: await freeSeat(repos, service, startMs),
          },
          this.clock.now(),
        );
        await this.changes.record(repos, [
          changeOf('booking.rescheduled', specialistId, booking.id),
        ]);
      }
      if (patch.notes !== undefined)
        updated = await repos.bookings.setNotes(
          booking.id,
          patch.notes?.trim() || null,
          this.clock.now(),
        );
      return { ok: true as const, booking: updated };
    });
    if (!result.ok)
      throw await this.unavailable(
        specialist,
        result.service,
        startMs as number,
        result.reason,
        log,
      );
    return result.booking;
  }

  /** `DELETE …/bookings/{bid}`: cancels (the row stays, the slot is free again). Idempotent. */
  async cancel(
    specialistId: number,
    bookingId: number,
    authority: BookingAuthority,
  ): Promise<Booking> {
    return inTransaction(this.storage, async (repos) => {
      await this.lock(repos, specialistId);
      const booking = await this.authorized(repos, specialistId, bookingId, authority);
      if (booking.status === 'cancelled') return booking;
      const cancelled = await repos.bookings.cancel(booking.id, this.clock.now());
      await this.changes.record(repos, [changeOf('booking.cancelled', specialistId, booking.id)]);
      return cancelled;
    });
  }

  async get(
    specialistId: number,
    bookingId: number,
    authority: BookingAuthority,
  ): Promise<Booking> {
    return this.authorized(this.repos, specialistId, bookingId, authority);
  }

  /** `GET …/bookings`: a window of local days, overlap semantics, at most 366 days. */
  async list(
    specialistId: number,
    query: {
      startDate?: string | undefined;
      endDate?: string | undefined;
      includeCancelled?: boolean | undefined;
    },
  ): Promise<{ specialist: Specialist; window: CalendarWindow; bookings: Booking[] }> {
    const specialist = await this.specialists.get(specialistId);
    const window = resolveWindow(query, specialist.timeZone, this.clock.now(), MAX_LIST_DAYS);
    const bookings = await this.repos.bookings.listOverlapping(
      specialistId,
      window.fromMs,
      window.toMs,
      query.includeCancelled ?? false,
    );
    return { specialist, window, bookings };
  }

  private async resolve(
    specialistId: number,
    input: { service_id: number; start_datetime: string },
  ): Promise<{ specialist: Specialist; service: BookableService; startMs: number }> {
    const specialist = await this.specialists.get(specialistId);
    const service = await this.catalog.bookable(this.repos, specialistId, input.service_id);
    const { epochMs } = parseDateTimeInput(
      input.start_datetime,
      specialist.timeZone,
      'start_datetime',
    );
    return { specialist, service, startMs: epochMs };
  }

  private async lock(repos: Repositories, specialistId: number): Promise<Specialist> {
    const locked = await repos.specialists.lockForWrite(specialistId);
    if (!locked) throw notFound('specialist', specialistId);
    return locked;
  }

  /**
   * The five rules for one start, read under the caller's lock. The day around the slot is
   * materialized in the same transaction (what it reads cannot be cleaned up meanwhile).
   * `holdId`/`bookingId`: the caller's own hold or booking, which does not count against it.
   */
  private async check(
    repos: Repositories,
    specialist: Specialist,
    service: BookableService,
    startMs: number,
    own: { holdId?: number | undefined; bookingId?: number | undefined },
    log: Logger,
  ): Promise<{ ok: true } | { ok: false; reason: SlotRefusal }> {
    const day = todayIn(startMs, specialist.timeZone);
    const fromMs = startOfDay(day.subtract({ days: 1 }), specialist.timeZone);
    const toMs = startOfDay(day.add({ days: 2 }), specialist.timeZone);
    await this.materializer.ensureWithin(repos, specialist, fromMs, toMs, log);
    const rows = await repos.instances.listOverlapping(
      specialist.id,
      fromMs,
      toMs,
      MAX_DURATION_MS,
      false,
    );
    const ctx = await slotContext(
      repos,
      specialist,
      service,
      availabilityOf(rows),
      fromMs,
      toMs,
      this.clock.now(),
    );
    const occupancy = ctx.occupancy.filter(
      (o) =>
        !(o.kind === 'hold' && o.id === own.holdId) &&
        !(o.kind === 'booking' && o.id === own.bookingId),
    );
    const verdict = checkSlot({ ...ctx, occupancy }, startMs);
    if (verdict.ok) return { ok: true };
    if (verdict.reason === 'off_grid')
      throw invalid(
        `start_datetime is not on the slot grid: slots start every ${service.slotStepMinutes} minutes from the start of the availability`,
        { field: 'start_datetime', value: formatInstant(startMs, specialist.timeZone) },
      );
    return verdict;
  }

  /** The 409 for a slot that cannot be had, with what to pick instead (read after the lock is gone). */
  private async unavailable(
    specialist: Specialist,
    service: BookableService,
    startMs: number,
    reason: SlotRefusal,
    log: Logger,
  ): Promise<DomainError> {
    const next = await this.slots.after(specialist, service, startMs, NEXT_SLOTS, log);
    const tz = specialist.timeZone;
    return new DomainError('slot_unavailable', REASONS[reason] ?? 'the slot cannot be booked', {
      reason,
      next_slots: next.map((s) => ({
        start_datetime: formatInstant(s.startMs, tz),
        end_datetime: formatInstant(s.endMs, tz),
        remaining: s.remaining,
      })),
    });
  }

  private async authorized(
    repos: Repositories,
    specialistId: number,
    bookingId: number,
    authority: BookingAuthority,
  ): Promise<Booking> {
    const booking = await repos.bookings.findById(specialistId, bookingId);
    if (!booking) throw notFound('booking', bookingId);
    if (
      authority.kind === 'client' &&
      !tokensEqual(hashToken(authority.cancelToken), booking.cancelTokenHash)
    )
      throw new DomainError('forbidden', 'cancel_token is not the token of this booking');
    return booking;
  }
}

/** A person-readable sentence per refusal. */
const REASONS: Partial<Record<SlotRefusal, string>> = {
  outside_availability: 'the specialist is not available then',
  too_soon: 'that slot is too soon to book',
  too_far: 'that slot is too far ahead to book yet',
  held: 'someone is holding that slot right now',
  fully_booked: 'that slot is fully booked',
  buffer: 'that slot is too close to another booking',
  busy_elsewhere: 'the specialist is busy elsewhere then',
  daily_limit: 'the daily limit for this service is reached on that day',
};

/** The booking's instants with the service's buffers, as booked. */
function spanOf(service: BookableService, startMs: number) {
  const endMs = startMs + service.durationMinutes * MINUTE_MS;
  return {
    startMs,
    endMs,
    spanStartMs: startMs - service.bufferBeforeMinutes * MINUTE_MS,
    spanEndMs: endMs + service.bufferAfterMinutes * MINUTE_MS,
  };
}

/** The lowest seat of the slot no confirmed booking has (the rules already checked capacity). */
async function freeSeat(
  repos: Repositories,
  service: BookableService,
  startMs: number,
): Promise<number> {
  const taken = new Set(await repos.bookings.seatsTaken(service.id, startMs));
  let seat = 1;
  while (taken.has(seat)) seat++;
  return seat;
}

/** The request a key stands for: the body with its keys in one order. */
function hashRequest(input: BookingInput): string {
  const canonical = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        )
      : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');
}
