import { sendJson, type Specialist } from '../api-client.ts';
import type { Slot } from './slots-by-day.ts';

/** A bookable service, as `GET /specialist/{id}/services` lists it. */
export interface Service {
  readonly id: number;
  readonly specialist_id: number;
  readonly name: string;
  readonly duration_minutes: number;
  readonly slot_step_minutes: number;
  readonly buffer_before_minutes: number;
  readonly buffer_after_minutes: number;
  readonly min_notice_minutes: number;
  readonly max_days_ahead: number;
  readonly capacity: number;
  readonly max_per_day: number | null;
  readonly schedule_ids: readonly number[] | null;
  readonly is_active: boolean;
}

export interface Hold {
  readonly id: number;
  readonly service_id: number;
  readonly start_datetime: string;
  readonly end_datetime: string;
  readonly hold_token: string;
  readonly expires_at: string;
}

export interface Booking {
  readonly id: number;
  readonly specialist_id: number;
  readonly service_id: number;
  readonly start_datetime: string;
  readonly end_datetime: string;
  readonly status: 'confirmed' | 'cancelled';
  readonly client: { readonly name: string; readonly email: string };
  readonly notes: string | null;
  readonly outside_availability?: boolean;
  readonly cancel_token?: string;
}

export interface BookingRequest {
  readonly service_id: number;
  readonly start_datetime: string;
  readonly client: { readonly name: string; readonly email: string };
  readonly notes: string | null;
  readonly hold_token: string;
}

/**
 * The public side of the API a client's booking page uses: no bearer token, ever. A client's
 * own booking is reached with its cancel token.
 * @example const api = new BookingApi(); await api.slots(3, 7, '2026-12-01', '2026-12-31');
 */
export class BookingApi {
  specialist(id: number): Promise<Specialist> {
    return this.send('GET', `/specialist/${id}`);
  }

  services(id: number): Promise<{ services: Service[] }> {
    return this.send('GET', `/specialist/${id}/services`);
  }

  service(id: number, sid: number): Promise<Service> {
    return this.send('GET', `/specialist/${id}/services/${sid}`);
  }

  slots(
    id: number,
    serviceId: number,
    start: string,
    end: string,
  ): Promise<{ timezone: string; slots: Slot[] }> {
    const q = new URLSearchParams({
      service_id: String(serviceId),
      start_date: start,
      end_date: end,
    });
    return this.send('GET', `/specialist/${id}/slots?${q.toString()}`);
  }

  hold(id: number, serviceId: number, start: string): Promise<Hold> {
    return this.send('POST', `/specialist/${id}/holds`, {
      service_id: serviceId,
      start_datetime: start,
    });
  }

  release(id: number, hold: Hold): Promise<unknown> {
    const q = new URLSearchParams({ hold_token: hold.hold_token });
    return this.send('DELETE', `/specialist/${id}/holds/${hold.id}?${q.toString()}`);
  }

  /** Books; the same `idempotencyKey` with the same body answers the same booking again. */
  book(id: number, body: BookingRequest, idempotencyKey: string): Promise<Booking> {
    return this.send('POST', `/specialist/${id}/bookings`, body, {
      'idempotency-key': idempotencyKey,
    });
  }

  booking(id: number, bid: number, token: string): Promise<Booking> {
    return this.send('GET', `/specialist/${id}/bookings/${bid}?${tokenQuery(token)}`);
  }

  reschedule(id: number, bid: number, token: string, start: string): Promise<Booking> {
    return this.send('PATCH', `/specialist/${id}/bookings/${bid}?${tokenQuery(token)}`, {
      start_datetime: start,
    });
  }

  cancel(id: number, bid: number, token: string): Promise<unknown> {
    return this.send('DELETE', `/specialist/${id}/bookings/${bid}?${tokenQuery(token)}`);
  }

  private send<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    return sendJson<T>(method, path, body, headers);
  }
}

function tokenQuery(token: string): string {
  return new URLSearchParams({ cancel_token: token }).toString();
}

/** A key for Idempotency-Key: 128 random bits as hex (works outside secure contexts too). */
export function idempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}
