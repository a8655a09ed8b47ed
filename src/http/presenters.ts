import { formatInstant, localToEpochMs } from '../domain/time/date-time.ts';
import type { ViewInstance } from '../services/calendar.service.ts';
import type { ScheduleRow, SpecialistRow } from '../storage/tables.ts';

/** Rows → the contract's JSON. Every datetime leaves with the offset in force in its zone. */
export function presentSpecialist(row: SpecialistRow) {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    created_at: formatInstant(row.created_at, row.timezone),
  };
}

export function presentSchedule(row: ScheduleRow) {
  const tz = row.timezone;
  const start = localToEpochMs(row.dtstart_local, tz);
  return {
    id: row.id,
    specialist_id: row.specialist_id,
    title: row.title,
    is_recurring: row.recurrence_rule !== null,
    recurring_event_id: row.recurring_event_id,
    recurrence_rule: row.recurrence_rule,
    timezone: tz,
    start_datetime: formatInstant(start, tz),
    end_datetime: formatInstant(start + row.duration_ms, tz),
    exdates: (JSON.parse(row.exdates) as string[]).map((e) =>
      formatInstant(localToEpochMs(e, tz), tz),
    ),
    is_active: row.is_active === 1,
    created_at: formatInstant(row.created_at, tz),
    updated_at: formatInstant(row.updated_at, tz),
  };
}

export function presentInstance(row: ViewInstance) {
  const tz = row.timezone;
  return {
    id: row.id,
    schedule_id: row.schedule_id,
    recurring_event_id: row.recurring_event_id,
    is_recurring: false,
    title: row.title ?? row.template_title,
    start_datetime: formatInstant(row.start_at, tz),
    end_datetime: formatInstant(row.end_at, tz),
    original_start_datetime: formatInstant(row.original_start, tz),
    status: row.status,
    is_exception: row.is_exception === 1,
  };
}
