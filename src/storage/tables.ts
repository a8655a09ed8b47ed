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

export interface Database {
  specialists: SpecialistTable;
  schedules: ScheduleTable;
  instances: InstanceTable;
  rate_limits: RateLimitTable;
}

export type SpecialistRow = Selectable<SpecialistTable>;
export type ScheduleRow = Selectable<ScheduleTable>;
export type NewScheduleRow = Insertable<ScheduleTable>;
export type InstanceRow = Selectable<InstanceTable>;
export type NewInstanceRow = Insertable<InstanceTable>;
