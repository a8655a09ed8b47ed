import type { Instance, ListedInstance } from '../domain/instances/instance.ts';
import { parseRanges, type Ranges } from '../domain/instances/materialized-ranges.ts';
import type { Schedule } from '../domain/schedules/schedule.ts';
import type { Specialist } from '../domain/specialists/specialist.ts';
import type { InstanceRow, ScheduleRow, SpecialistRow } from './tables.ts';

/** Rows → domain records: booleans, parsed lists and numbers; nothing above storage sees a row. */
export function toSpecialist(r: SpecialistRow): Specialist {
  return {
    id: r.id,
    name: r.name,
    timeZone: r.timezone,
    tokenHash: r.token_hash,
    createdAt: Number(r.created_at),
    version: Number(r.version),
    materializedRanges: parseRanges(r.materialized_ranges),
  };
}

function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function toSchedule(r: ScheduleRow): Schedule {
  return {
    id: r.id,
    specialistId: r.specialist_id,
    recurringEventId: r.recurring_event_id,
    title: r.title,
    rule: r.recurrence_rule,
    dtstart: r.dtstart_local,
    durationMs: Number(r.duration_ms),
    timeZone: r.timezone,
    exdates: parseList(r.exdates),
    isActive: Number(r.is_active) === 1,
    deletedAt: r.deleted_at === null ? null : Number(r.deleted_at),
    startsAt: Number(r.starts_at),
    endsAt: r.ends_at === null ? null : Number(r.ends_at),
    materializedRanges: parseRanges(r.materialized_ranges),
    version: Number(r.version),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

export function toInstance(r: InstanceRow): Instance {
  return {
    id: r.id,
    scheduleId: r.schedule_id,
    specialistId: r.specialist_id,
    originalStartMs: Number(r.original_start),
    startMs: Number(r.start_at),
    endMs: Number(r.end_at),
    title: r.title,
    status: r.status,
    isException: Number(r.is_exception) === 1,
    createdAt: Number(r.created_at),
  };
}

/** An instance row joined with the schedule fields every listing shows. */
export interface ListedInstanceRow extends InstanceRow {
  schedule_title: string;
  timezone: string;
  recurring_event_id: string;
}

export function toListedInstance(r: ListedInstanceRow): ListedInstance {
  const { createdAt: _createdAt, ...instance } = toInstance(r);
  return {
    ...instance,
    scheduleTitle: r.schedule_title,
    timeZone: r.timezone,
    recurringEventId: r.recurring_event_id,
  };
}

/** Ranges as stored. */
export function rangesColumn(ranges: Ranges): string {
  return JSON.stringify(ranges);
}
