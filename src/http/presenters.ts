import type { ListedInstance } from '../domain/instances/instance.ts';
import type { Schedule } from '../domain/schedules/schedule.ts';
import type { Specialist } from '../domain/specialists/specialist.ts';
import { formatInstant, localToEpochMs } from '../domain/time/date-time.ts';

/** Records → the contract's JSON. Every datetime leaves with the offset in force in its zone. */
export function presentSpecialist(s: Specialist) {
  return {
    id: s.id,
    name: s.name,
    timezone: s.timeZone,
    created_at: formatInstant(s.createdAt, s.timeZone),
  };
}

export function presentSchedule(s: Schedule) {
  const tz = s.timeZone;
  return {
    id: s.id,
    specialist_id: s.specialistId,
    title: s.title,
    is_recurring: s.rule !== null,
    recurring_event_id: s.recurringEventId,
    recurrence_rule: s.rule,
    timezone: tz,
    start_datetime: formatInstant(s.startsAt, tz),
    end_datetime: formatInstant(s.startsAt + s.durationMs, tz),
    exdates: s.exdates.map((e) => formatInstant(localToEpochMs(e, tz), tz)),
    is_active: s.isActive,
    created_at: formatInstant(s.createdAt, tz),
    updated_at: formatInstant(s.updatedAt, tz),
  };
}

export function presentInstance(i: ListedInstance) {
  const tz = i.timeZone;
  return {
    id: i.id,
    schedule_id: i.scheduleId,
    recurring_event_id: i.recurringEventId,
    is_recurring: false,
    title: i.title ?? i.scheduleTitle,
    start_datetime: formatInstant(i.startMs, tz),
    end_datetime: formatInstant(i.endMs, tz),
    original_start_datetime: formatInstant(i.originalStartMs, tz),
    status: i.status,
    is_exception: i.isException,
  };
}
