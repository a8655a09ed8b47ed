import type { Kysely, Selectable } from 'kysely';
import type { Booking, Hold, Occupancy } from '../domain/bookings/booking.ts';
import type { BookingTable, Database, HoldTable } from './tables.ts';

function toBooking(r: Selectable<BookingTable>): Booking {
  return {
    id: r.id,
    specialistId: r.specialist_id,
    serviceId: r.service_id,
    startMs: Number(r.start_at),
    endMs: Number(r.end_at),
    spanStartMs: Number(r.span_start),
    spanEndMs: Number(r.span_end),
    status: r.status,
    client: { name: r.client_name, email: r.client_email },
    notes: r.notes,
    cancelTokenHash: r.cancel_token_hash,
    outsideAvailability: Number(r.outside_availability) === 1,
    sequence: Number(r.sequence),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function toHold(r: Selectable<HoldTable>): Hold {
  return {
    id: r.id,
    specialistId: r.specialist_id,
    serviceId: r.service_id,
    startMs: Number(r.start_at),
    endMs: Number(r.end_at),
    spanStartMs: Number(r.span_start),
    spanEndMs: Number(r.span_end),
    tokenHash: r.token_hash,
    expiresAt: Number(r.expires_at),
    createdAt: Number(r.created_at),
  };
}

export interface NewBooking {
  readonly specialistId: number;
  readonly serviceId: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly spanStartMs: number;
  readonly spanEndMs: number;
  readonly seat: number;
  readonly client: { readonly name: string; readonly email: string };
  readonly notes: string | null;
  readonly cancelTokenHash: string;
  readonly nowMs: number;
}

/** The longest buffered span (12 h + 2 × 4 h): "spans overlapping a window" is one range scan. */
const MAX_SPAN_MS = 20 * 3_600_000;

/** SQL for bookings, holds and idempotency keys; returns domain records. */
export class BookingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(b: NewBooking): Promise<Booking> {
    const r = await this.db
      .insertInto('bookings')
      .values({
        specialist_id: b.specialistId,
        service_id: b.serviceId,
        start_at: b.startMs,
        end_at: b.endMs,
        span_start: b.spanStartMs,
        span_end: b.spanEndMs,
        seat: b.seat,
        slot_key: `${b.serviceId}@${b.startMs}`,
        status: 'confirmed',
        client_name: b.client.name,
        client_email: b.client.email,
        notes: b.notes,
        cancel_token_hash: b.cancelTokenHash,
        outside_availability: 0,
        created_at: b.nowMs,
        updated_at: b.nowMs,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toBooking(r);
  }

  async findById(specialistId: number, id: number): Promise<Booking | undefined> {
    const r = await this.db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', id)
      .where('specialist_id', '=', specialistId)
      .executeTakeFirst();
    return r && toBooking(r);
  }

  /** A booking found by its id alone (the client's manage link), whoever's it is. */
  async findAnyById(id: number): Promise<Booking | undefined> {
    const r = await this.db
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toBooking(r);
  }

  /** Seats taken by confirmed bookings of one slot. */
  async seatsTaken(serviceId: number, startMs: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('bookings')
      .select('seat')
      .where('service_id', '=', serviceId)
      .where('start_at', '=', startMs)
      .where('status', '=', 'confirmed')
      .execute();
    return rows.map((r) => Number(r.seat));
  }

  async reschedule(
    id: number,
    b: Pick<NewBooking, 'serviceId' | 'startMs' | 'endMs' | 'spanStartMs' | 'spanEndMs' | 'seat'>,
    nowMs: number,
  ): Promise<Booking> {
    const r = await this.db
      .updateTable('bookings')
      .set((eb) => ({
        start_at: b.startMs,
        end_at: b.endMs,
        span_start: b.spanStartMs,
        span_end: b.spanEndMs,
        seat: b.seat,
        slot_key: `${b.serviceId}@${b.startMs}`,
        outside_availability: 0,
        sequence: eb('sequence', '+', 1),
        updated_at: nowMs,
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toBooking(r);
  }

  async setNotes(id: number, notes: string | null, nowMs: number): Promise<Booking> {
    const r = await this.db
      .updateTable('bookings')
      .set((eb) => ({ notes, sequence: eb('sequence', '+', 1), updated_at: nowMs }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toBooking(r);
  }

  async cancel(id: number, nowMs: number): Promise<Booking> {
    const r = await this.db
      .updateTable('bookings')
      .set((eb) => ({
        status: 'cancelled' as const,
        cancelled_at: nowMs,
        sequence: eb('sequence', '+', 1),
        updated_at: nowMs,
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toBooking(r);
  }

  async setOutsideAvailability(ids: readonly number[], outside: boolean): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('bookings')
      .set({ outside_availability: outside ? 1 : 0 })
      .where('id', 'in', [...ids])
      .execute();
  }

  /** A specialist's bookings starting... overlapping `[fromMs, toMs)`, by start. */
  async listOverlapping(
    specialistId: number,
    fromMs: number,
    toMs: number,
    includeCancelled: boolean,
  ): Promise<Booking[]> {
    let q = this.db
      .selectFrom('bookings')
      .selectAll()
      .where('specialist_id', '=', specialistId)
      .where('start_at', '>', fromMs - MAX_SPAN_MS)
      .where('start_at', '<', toMs)
      .where('end_at', '>', fromMs);
    if (!includeCancelled) q = q.where('status', '=', 'confirmed');
    return (await q.orderBy('start_at').orderBy('id').execute()).map(toBooking);
  }

  /** Every booking of a specialist, confirmed or cancelled, by start (the bookings feed). */
  async listAll(specialistId: number): Promise<Booking[]> {
    const rows = await this.db
      .selectFrom('bookings')
      .selectAll()
      .where('specialist_id', '=', specialistId)
      .orderBy('start_at')
      .orderBy('id')
      .execute();
    return rows.map(toBooking);
  }

  /** Confirmed future bookings of a specialist (availability edits check them). */
  async listConfirmedEndingAfter(specialistId: number, afterMs: number): Promise<Booking[]> {
    const rows = await this.db
      .selectFrom('bookings')
      .selectAll()
      .where('specialist_id', '=', specialistId)
      .where('status', '=', 'confirmed')
      .where('end_at', '>', afterMs)
      .orderBy('start_at')
      .execute();
    return rows.map(toBooking);
  }

  /**
   * What occupies the specialist's time in `[fromMs, toMs)`: confirmed bookings and holds live at
   * `nowMs`, by their buffered spans. Two range scans of (specialist_id, span_start).
   */
  async occupancy(
    specialistId: number,
    fromMs: number,
    toMs: number,
    nowMs: number,
  ): Promise<Occupancy[]> {
    return (await this.occupancyOf([specialistId], fromMs, toMs, nowMs)).get(specialistId) ?? [];
  }

  /**
   * `occupancy` of several specialists in the same two statements (free/busy: no query per
   * specialist), by specialist id; one with nothing has no entry.
   */
  async occupancyOf(
    specialistIds: readonly number[],
    fromMs: number,
    toMs: number,
    nowMs: number,
  ): Promise<Map<number, Occupancy[]>> {
    const out = new Map<number, Occupancy[]>();
    if (specialistIds.length === 0) return out;
    const ids = [...specialistIds];
    const [bookings, holds] = await Promise.all([
      this.db
        .selectFrom('bookings')
        .select(['specialist_id', 'id', 'service_id', 'start_at', 'span_start', 'span_end'])
        .where('specialist_id', 'in', ids)
        .where('status', '=', 'confirmed')
        .where('span_start', '>', fromMs - MAX_SPAN_MS)
        .where('span_start', '<', toMs)
        .where('span_end', '>', fromMs)
        .execute(),
      this.db
        .selectFrom('holds')
        .select([
          'specialist_id',
          'id',
          'service_id',
          'start_at',
          'span_start',
          'span_end',
          'expires_at',
        ])
        .where('specialist_id', 'in', ids)
        .where('expires_at', '>', nowMs)
        .where('span_start', '>', fromMs - MAX_SPAN_MS)
        .where('span_start', '<', toMs)
        .where('span_end', '>', fromMs)
        .execute(),
    ]);
    const add =
      (kind: 'booking' | 'hold') =>
      (r: (typeof bookings)[number] & { expires_at?: number }): void => {
        const list = out.get(r.specialist_id) ?? [];
        if (list.length === 0) out.set(r.specialist_id, list);
        list.push({
          kind,
          id: r.id,
          serviceId: r.service_id,
          startMs: Number(r.start_at),
          spanStartMs: Number(r.span_start),
          spanEndMs: Number(r.span_end),
          ...(r.expires_at !== undefined && { expiresAt: Number(r.expires_at) }),
        });
      };
    bookings.forEach(add('booking'));
    holds.forEach(add('hold'));
    return out;
  }

  async insertHold(h: Omit<Hold, 'id'>): Promise<Hold> {
    const r = await this.db
      .insertInto('holds')
      .values({
        specialist_id: h.specialistId,
        service_id: h.serviceId,
        start_at: h.startMs,
        end_at: h.endMs,
        span_start: h.spanStartMs,
        span_end: h.spanEndMs,
        token_hash: h.tokenHash,
        expires_at: h.expiresAt,
        created_at: h.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toHold(r);
  }

  async findHold(specialistId: number, id: number): Promise<Hold | undefined> {
    const r = await this.db
      .selectFrom('holds')
      .selectAll()
      .where('id', '=', id)
      .where('specialist_id', '=', specialistId)
      .executeTakeFirst();
    return r && toHold(r);
  }

  async findHoldByToken(specialistId: number, tokenHash: string): Promise<Hold | undefined> {
    const r = await this.db
      .selectFrom('holds')
      .selectAll()
      .where('specialist_id', '=', specialistId)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return r && toHold(r);
  }

  async deleteHold(id: number): Promise<void> {
    await this.db.deleteFrom('holds').where('id', '=', id).execute();
  }

  /** Forgets holds that expired before `beforeMs`; returns how many. */
  async deleteExpiredHolds(beforeMs: number): Promise<number> {
    const r = await this.db
      .deleteFrom('holds')
      .where('expires_at', '<', beforeMs)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async findIdempotencyKey(
    specialistId: number,
    key: string,
  ): Promise<{ requestHash: string; bookingId: number; sealedToken: string } | undefined> {
    const r = await this.db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'booking_id', 'sealed_token'])
      .where('specialist_id', '=', specialistId)
      .where('key', '=', key)
      .executeTakeFirst();
    return (
      r && { requestHash: r.request_hash, bookingId: r.booking_id, sealedToken: r.sealed_token }
    );
  }

  async insertIdempotencyKey(k: {
    specialistId: number;
    key: string;
    requestHash: string;
    bookingId: number;
    sealedToken: string;
    nowMs: number;
  }): Promise<void> {
    await this.db
      .insertInto('idempotency_keys')
      .values({
        specialist_id: k.specialistId,
        key: k.key,
        request_hash: k.requestHash,
        booking_id: k.bookingId,
        sealed_token: k.sealedToken,
        created_at: k.nowMs,
      })
      .execute();
  }

  /** Forgets idempotency keys older than `beforeMs` (kept 24 h); returns how many. */
  async deleteIdempotencyKeysBefore(beforeMs: number): Promise<number> {
    const r = await this.db
      .deleteFrom('idempotency_keys')
      .where('created_at', '<', beforeMs)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async counts(
    nowMs: number,
  ): Promise<{ confirmed: number; cancelled: number; liveHolds: number }> {
    const rows = await this.db
      .selectFrom('bookings')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const holds = await this.db
      .selectFrom('holds')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('expires_at', '>', nowMs)
      .executeTakeFirstOrThrow();
    const n = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
    return { confirmed: n('confirmed'), cancelled: n('cancelled'), liveHolds: Number(holds.n) };
  }
}
