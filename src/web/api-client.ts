import type { Booking, Service } from './booking/booking-api.ts';

/** The contract's error body: `{"error": {"code", "message", "details"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

export interface Specialist {
  readonly id: number;
  readonly name: string;
  readonly timezone: string;
}

export interface Schedule {
  readonly id: number;
  readonly specialist_id: number;
  readonly title: string;
  readonly is_recurring: boolean;
  readonly recurrence_rule: string | null;
  readonly timezone: string;
  readonly start_datetime: string;
  readonly end_datetime: string;
  readonly exdates?: readonly string[];
  readonly is_active: boolean;
}

export interface Instance {
  /** Null for an occurrence beyond the server's storage horizon: shown, not editable. */
  readonly id: number | null;
  readonly schedule_id: number;
  readonly title: string;
  readonly start_datetime: string;
  readonly end_datetime: string;
  readonly original_start_datetime: string;
  readonly status: string;
  readonly is_exception: boolean;
}

export interface ScheduleBody {
  readonly title: string;
  readonly start_datetime: string;
  readonly end_datetime: string;
  readonly timezone: string;
  readonly recurrence_rule?: string;
}

/** A series edit: only the fields that change (`recurrence_rule: null` makes it a one-off). */
export type SchedulePatch = Partial<Omit<ScheduleBody, 'recurrence_rule'>> & {
  readonly recurrence_rule?: string | null;
};

/** An occurrence edit; times are local to the schedule's zone or carry an offset. */
export interface InstancePatch {
  readonly title?: string;
  readonly start_datetime?: string;
  readonly end_datetime?: string;
}

/** A conflicting occurrence from a 409's `details.conflicts`. */
export interface Conflict {
  readonly schedule_id: number;
  readonly start_datetime: string;
  readonly end_datetime: string;
}

const TOKEN_KEY = 'recurra.token';

/** Asks the person for a token; null when they decline. */
export type TokenPrompt = () => Promise<string | null>;

/** A booking an availability edit would strand, from a 409 `has_bookings`'s `details.bookings`. */
export interface StrandedBooking {
  readonly id: number;
  readonly service_id: number;
  readonly start_datetime: string;
  readonly end_datetime: string;
  readonly client: { readonly name: string };
}

/**
 * Asked when an availability edit would leave bookings outside the availability (409
 * `has_bookings`): true sends the same edit again with `?force=true`.
 */
export type ForcePrompt = (bookings: readonly StrandedBooking[]) => Promise<boolean>;

/** A service's fields as the contract names them (create, or any subset to edit). */
export type ServiceBody = Omit<Service, 'id' | 'specialist_id' | 'is_active'>;

/**
 * The page's client for the Recurra API. Writes carry `Authorization: Bearer <token>` once a
 * token is known; a 401 asks for one (once per write), keeps it in sessionStorage and retries.
 *
 * @example const api = new ApiClient(askForToken); await api.specialists();
 */
export class ApiClient {
  constructor(
    private readonly askToken: TokenPrompt,
    private readonly askForce: ForcePrompt = () => Promise.resolve(false),
  ) {}

  specialists(): Promise<{ specialists: Specialist[] }> {
    return this.read('/specialist');
  }

  createSpecialist(name: string, timezone: string): Promise<Specialist> {
    return this.write('POST', '/specialist', { name, timezone });
  }

  specialist(id: number): Promise<Specialist> {
    return this.read(`/specialist/${id}`);
  }

  /** Instances in `[start, end]`, both inclusive local dates (`YYYY-MM-DD`). */
  instances(id: number, start: string, end: string): Promise<{ instances: Instance[] }> {
    const q = new URLSearchParams({ start_date: start, end_date: end });
    return this.read(`/specialist/${id}/calendar-instances?${q.toString()}`);
  }

  schedules(id: number): Promise<{ schedules: Schedule[] }> {
    return this.read(`/specialist/${id}/schedules?include_inactive=true`);
  }

  schedule(id: number, sid: number): Promise<Schedule> {
    return this.read(`/specialist/${id}/schedules/${sid}`);
  }

  createSchedule(id: number, body: ScheduleBody): Promise<Schedule> {
    return this.write('POST', `/specialist/${id}/schedules`, body);
  }

  /** `scope: 'all'`, or `'following'` from a local date (in the schedule's zone). */
  editSchedule(id: number, sid: number, body: SchedulePatch, from?: string): Promise<unknown> {
    const q = from ? `scope=following&from=${from}` : 'scope=all';
    return this.write('PATCH', `/specialist/${id}/schedules/${sid}?${q}`, body);
  }

  /** Deletes the series, or with `from` only the occurrences on and after that local date. */
  deleteSchedule(id: number, sid: number, from?: string): Promise<unknown> {
    const q = from ? `?from=${from}` : '';
    return this.write('DELETE', `/specialist/${id}/schedules/${sid}${q}`);
  }

  editInstance(id: number, iid: number, patch: InstancePatch): Promise<Instance> {
    return this.write('PATCH', `/specialist/${id}/instances/${iid}`, patch);
  }

  cancelInstance(id: number, iid: number): Promise<unknown> {
    return this.write('DELETE', `/specialist/${id}/instances/${iid}`);
  }

  /**
   * The specialist's bookings in `[start, end]` (names and e-mail: needs their token). Sent
   * with the token if one is known, never asking for one: opening the calendar is not a write.
   */
  bookings(id: number, start: string, end: string): Promise<{ bookings: Booking[] }> {
    const q = new URLSearchParams({ start_date: start, end_date: end });
    return this.send(
      'GET',
      `/specialist/${id}/bookings?${q.toString()}`,
      undefined,
      this.authHeader(),
    );
  }

  rescheduleBooking(id: number, bid: number, start: string): Promise<Booking> {
    return this.write('PATCH', `/specialist/${id}/bookings/${bid}`, { start_datetime: start });
  }

  cancelBooking(id: number, bid: number): Promise<unknown> {
    return this.write('DELETE', `/specialist/${id}/bookings/${bid}`);
  }

  services(id: number): Promise<{ services: Service[] }> {
    return this.read(`/specialist/${id}/services`);
  }

  createService(id: number, body: ServiceBody): Promise<Service> {
    return this.write('POST', `/specialist/${id}/services`, body);
  }

  editService(id: number, sid: number, body: Partial<ServiceBody>): Promise<Service> {
    return this.write('PATCH', `/specialist/${id}/services/${sid}`, body);
  }

  deleteService(id: number, sid: number): Promise<unknown> {
    return this.write('DELETE', `/specialist/${id}/services/${sid}`);
  }

  private read<T>(path: string): Promise<T> {
    return this.send<T>('GET', path, undefined, {});
  }

  private async write<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await this.authorized<T>(method, path, body);
    } catch (err) {
      if (!(err instanceof ApiError) || err.code !== 'has_bookings') throw err;
      const stranded = (err.details as { bookings?: StrandedBooking[] } | null)?.bookings ?? [];
      if (!(await this.askForce(stranded))) throw err;
      return this.authorized<T>(method, `${path}${path.includes('?') ? '&' : '?'}force=true`, body);
    }
  }

  private async authorized<T>(method: string, path: string, body?: unknown): Promise<T> {
    try {
      return await this.send<T>(method, path, body, this.authHeader());
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      const token = await this.askToken();
      if (!token) throw err;
      sessionStorage.setItem(TOKEN_KEY, token);
      return this.send<T>(method, path, body, this.authHeader());
    }
  }

  private authHeader(): Record<string, string> {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return token ? { authorization: `Bearer ${token}` } : {};
  }

  private send<T>(
    method: string,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<T> {
    return sendJson<T>(method, path, body, headers);
  }
}

/**
 * One request of the pages to the API: a JSON body out, JSON back, and any failure (no network,
 * a non-2xx with the contract's error body) as an `ApiError`. Shared by the calendar page and the
 * booking page.
 *
 * @example await sendJson<{ services: unknown[] }>('GET', '/specialist/1/services')
 */
export async function sendJson<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.', null);
  }
  const text = await res.text();
  const json: unknown = text && isJson(res) ? JSON.parse(text) : null;
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: unknown } })
      ?.error;
    throw new ApiError(
      res.status,
      error?.code ?? 'http_error',
      error?.message ?? `The server answered ${res.status}.`,
      error?.details ?? null,
    );
  }
  return json as T;
}

function isJson(res: Response): boolean {
  return (res.headers.get('content-type') ?? '').includes('json');
}
