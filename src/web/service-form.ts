import type { ServiceBody } from './api-client.ts';
import type { Service } from './booking/booking-api.ts';

/** The services dialog's fields as the form holds them: text, one per contract field. */
export interface ServiceFields {
  readonly name: string;
  readonly duration_minutes: string;
  readonly slot_step_minutes: string;
  readonly buffer_before_minutes: string;
  readonly buffer_after_minutes: string;
  readonly min_notice_minutes: string;
  readonly max_days_ahead: string;
  readonly capacity: string;
  /** Empty: no daily limit. */
  readonly max_per_day: string;
  /** The schedules it may be booked in; none chosen: all of them. */
  readonly schedule_ids: readonly number[];
}

type Limits = Record<keyof Omit<ServiceFields, 'name' | 'schedule_ids'>, [number, number, string]>;

/** The contract's ranges (bookings.md), with the words a person reads. */
const LIMITS: Limits = {
  duration_minutes: [5, 720, 'Duration'],
  slot_step_minutes: [5, 720, 'Start every'],
  buffer_before_minutes: [0, 240, 'Buffer before'],
  buffer_after_minutes: [0, 240, 'Buffer after'],
  min_notice_minutes: [0, 525_600, 'Minimum notice'],
  max_days_ahead: [1, 730, 'Bookable days ahead'],
  capacity: [1, 1000, 'Places per slot'],
  max_per_day: [1, 100_000, 'Most per day'],
};

/** A service as the form shows it (a new one: the contract's defaults). */
export function serviceFields(s?: Service): ServiceFields {
  return {
    name: s?.name ?? '',
    duration_minutes: String(s?.duration_minutes ?? 30),
    slot_step_minutes: String(s?.slot_step_minutes ?? s?.duration_minutes ?? 30),
    buffer_before_minutes: String(s?.buffer_before_minutes ?? 0),
    buffer_after_minutes: String(s?.buffer_after_minutes ?? 0),
    min_notice_minutes: String(s?.min_notice_minutes ?? 0),
    max_days_ahead: String(s?.max_days_ahead ?? 60),
    capacity: String(s?.capacity ?? 1),
    max_per_day: s?.max_per_day == null ? '' : String(s.max_per_day),
    schedule_ids: s?.schedule_ids ?? [],
  };
}

/**
 * The form's fields as the API's body, or what is wrong in words.
 * @example serviceBody({...serviceFields(), name: 'Consultation'}) → {ok: true, body: {name: 'Consultation', duration_minutes: 30, …}}
 */
export function serviceBody(
  f: ServiceFields,
): { ok: true; body: ServiceBody } | { ok: false; error: string } {
  const name = f.name.trim();
  if (!name) return { ok: false, error: 'Give the service a name.' };
  const numbers: Record<string, number | null> = {};
  for (const [key, [min, max, label]] of Object.entries(LIMITS)) {
    const text = f[key as keyof Limits].trim();
    if (key === 'max_per_day' && text === '') {
      numbers[key] = null;
      continue;
    }
    const n = Number(text);
    if (text === '' || !Number.isInteger(n) || n < min || n > max)
      return { ok: false, error: `${label} must be a whole number from ${min} to ${max}.` };
    numbers[key] = n;
  }
  const n = (key: keyof Limits) => numbers[key] as number;
  return {
    ok: true,
    body: {
      name,
      duration_minutes: n('duration_minutes'),
      slot_step_minutes: n('slot_step_minutes'),
      buffer_before_minutes: n('buffer_before_minutes'),
      buffer_after_minutes: n('buffer_after_minutes'),
      min_notice_minutes: n('min_notice_minutes'),
      max_days_ahead: n('max_days_ahead'),
      capacity: n('capacity'),
      max_per_day: numbers.max_per_day ?? null,
      schedule_ids: f.schedule_ids.length === 0 ? null : [...f.schedule_ids].sort((a, b) => a - b),
    },
  };
}

/** "30 min, every 15 min, 2 places": a service's line in the dialog's list. */
export function serviceSummary(s: Service): string {
  const parts = [`${s.duration_minutes} min`];
  if (s.slot_step_minutes !== s.duration_minutes) parts.push(`every ${s.slot_step_minutes} min`);
  if (s.capacity > 1) parts.push(`${s.capacity} places`);
  if (s.max_per_day !== null) parts.push(`at most ${s.max_per_day} a day`);
  return parts.join(', ');
}
