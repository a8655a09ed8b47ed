import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * Row types: what the tables hold. Instants are epoch milliseconds (BIGINT), booleans are 0/1,
 * lists are JSON text: the same representation on SQLite and PostgreSQL, so the repositories never
 * branch on the database. Nothing outside `storage/` sees these: repositories return records.
 */
export interface SpecialistTable {
  id: Generated<number>;
  name: string;
  timezone: string;
  token_hash: string | null;
  created_at: number;
  /** Bumped by every write that changes an answer about this specialist (ETags). */
  version: Generated<number>;
  /** JSON array of `[fromMs, toMs)` windows every schedule of the specialist has materialized. */
  materialized_ranges: Generated<string>;
}

/** The base template: one row per schedule, holding the rule; instances come from it lazily. */
export interface ScheduleTable {
  id: Generated<number>;
  specialist_id: number;
  recurring_event_id: string;
  title: string;
  /** Canonical RRULE value; null for a one-off event. */
  recurrence_rule: string | null;
  /** DTSTART as local wall time `YYYY-MM-DDTHH:MM:SS` in `timezone`. */
  dtstart_local: string;
  duration_ms: number;
  timezone: string;
  /** JSON array of local wall times. */
  exdates: string;
  is_active: number;
  /** When the schedule was deleted; occurrences from then on do not exist. */
  deleted_at: number | null;
  /** First occurrence's start and last occurrence's end (null: no end), for the window query. */
  starts_at: number;
  ends_at: number | null;
  /** JSON array of `[fromMs, toMs)` windows already materialized for this template. */
  materialized_ranges: string;
  /** Bumped by every edit of the template. */
  version: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** A concrete occurrence, unique per (schedule_id, original_start). */
export interface InstanceTable {
  id: Generated<number>;
  schedule_id: number;
  specialist_id: number;
  original_start: number;
  start_at: number;
  end_at: number;
  /** Set only when edited by hand; otherwise the template's title shows. */
  title: string | null;
  status: 'confirmed' | 'cancelled';
  is_exception: number;
  created_at: number;
}

/** A client's request count in the current fixed window (rate limiting across processes). */
export interface RateLimitTable {
  key: string;
  window_start: number;
  hits: number;
}

/** What a client books: a duration, a step, buffers and limits, in some or all schedules. */
export interface ServiceTable {
  id: Generated<number>;
  specialist_id: number;
  name: string;
  duration_minutes: number;
  slot_step_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  min_notice_minutes: number;
  max_days_ahead: number;
  capacity: number;
  max_per_day: number | null;
  /** JSON array of schedule ids, or null for all of the specialist's schedules. */
  schedule_ids: string | null;
  is_active: number;
  created_at: number;
  updated_at: number;
}

/** A slot kept for a client while they type; counts as a booking until it expires. */
export interface HoldTable {
  id: Generated<number>;
  specialist_id: number;
  service_id: number;
  start_at: number;
  end_at: number;
  span_start: number;
  span_end: number;
  token_hash: string;
  expires_at: number;
  created_at: number;
}

export interface BookingTable {
  id: Generated<number>;
  specialist_id: number;
  service_id: number;
  start_at: number;
  end_at: number;
  /** The booking with its buffers: what no other booking's span may overlap. */
  span_start: number;
  span_end: number;
  seat: number;
  /** `service_id@start_at`: bookings sharing one slot (capacity > 1) may overlap. */
  slot_key: string;
  status: 'confirmed' | 'cancelled';
  client_name: string;
  client_email: string;
  notes: string | null;
  cancel_token_hash: string;
  outside_availability: number;
  /** Bumped by each change (the bookings feed's SEQUENCE). */
  sequence: Generated<number>;
  created_at: number;
  updated_at: number;
  cancelled_at: number | null;
}

export interface IdempotencyKeyTable {
  specialist_id: number;
  key: string;
  request_hash: string;
  booking_id: number;
  /** The cancel token, sealed with a key only the client's Idempotency-Key opens. */
  sealed_token: string;
  created_at: number;
}

/** A specialist's own calendar, published as an iCalendar URL; its events block slots. */
export interface BusyCalendarTable {
  id: Generated<number>;
  specialist_id: number;
  url: string;
  name: string;
  /** Validators of the last good fetch, for a conditional GET. */
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: number | null;
  last_status: string | null;
  /** Events in the last good fetch. */
  events: Generated<number>;
  next_fetch_at: number;
  created_at: number;
}

/** A busy span of a busy calendar (the window the contract keeps), as last fetched. */
export interface BusyIntervalTable {
  calendar_id: number;
  specialist_id: number;
  start_at: number;
  end_at: number;
}

export interface ChangeCounterTable {
  id: number;
  seq: number;
  pruned_through: number;
}

/** One committed change, in commit order. */
export interface ChangeTable {
  seq: number;
  type: string;
  specialist_id: number;
  object_kind: string;
  object_id: number;
  at: number;
}

export interface WebhookTable {
  id: Generated<number>;
  url: string;
  /** JSON array of change types, or `["*"]`. */
  events: string;
  /** Only this specialist's changes; null: all. */
  specialist_id: number | null;
  /** `whsec_…`, sealed with the server key (AES-256-GCM). */
  secret_sealed: string;
  is_active: number;
  disabled_reason: string | null;
  /** When deliveries started failing without a success since. */
  failing_since: number | null;
  created_at: number;
  updated_at: number;
}

/** A change owed to a webhook: the outbox, written in the change's transaction. */
export interface WebhookDeliveryTable {
  id: Generated<number>;
  webhook_id: number;
  /** `webhook-id`: the same on every retry. */
  message_id: string;
  seq: number;
  type: string;
  /** The exact body to send (signed as is). */
  payload: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  next_attempt_at: number;
  /** The process that has it now, and until when (a crashed claimer's claim runs out). */
  claimed_by: string | null;
  claimed_until: number | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

export interface WebhookAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  attempted_at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  worker: string;
}

export interface ServerKeyTable {
  name: string;
  value: string;
}

export interface Database {
  specialists: SpecialistTable;
  schedules: ScheduleTable;
  instances: InstanceTable;
  rate_limits: RateLimitTable;
  services: ServiceTable;
  holds: HoldTable;
  bookings: BookingTable;
  idempotency_keys: IdempotencyKeyTable;
  busy_calendars: BusyCalendarTable;
  busy_intervals: BusyIntervalTable;
  change_counter: ChangeCounterTable;
  changes: ChangeTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  server_keys: ServerKeyTable;
}

export type SpecialistRow = Selectable<SpecialistTable>;
export type ScheduleRow = Selectable<ScheduleTable>;
export type NewScheduleRow = Insertable<ScheduleTable>;
export type InstanceRow = Selectable<InstanceTable>;
export type NewInstanceRow = Insertable<InstanceTable>;
