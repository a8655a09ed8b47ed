import type { BookableService } from '../domain/bookings/bookable-service.ts';
import type { Booking, Hold } from '../domain/bookings/booking.ts';
import type { Slot } from '../domain/bookings/slot-rules.ts';
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

export function presentService(s: BookableService, timeZone: string) {
  return {
    id: s.id,
    specialist_id: s.specialistId,
    name: s.name,
    duration_minutes: s.durationMinutes,
    slot_step_minutes: s.slotStepMinutes,
    buffer_before_minutes: s.bufferBeforeMinutes,
    buffer_after_minutes: s.bufferAfterMinutes,
    min_notice_minutes: s.minNoticeMinutes,
    max_days_ahead: s.maxDaysAhead,
    capacity: s.capacity,
    max_per_day: s.maxPerDay,
    schedule_ids: s.scheduleIds,
    is_active: s.isActive,
    created_at: formatInstant(s.createdAt, timeZone),
    updated_at: formatInstant(s.updatedAt, timeZone),
  };
}

export function presentSlot(s: Slot, timeZone: string) {
  return {
    start_datetime: formatInstant(s.startMs, timeZone),
    end_datetime: formatInstant(s.endMs, timeZone),
    remaining: s.remaining,
  };
}

export function presentHold(h: Hold, token: string, timeZone: string) {
  return {
    id: h.id,
    service_id: h.serviceId,
    start_datetime: formatInstant(h.startMs, timeZone),
    end_datetime: formatInstant(h.endMs, timeZone),
    hold_token: token,
    expires_at: formatInstant(h.expiresAt, timeZone),
  };
}

/** A booking; `cancelToken` only in the answer that created it (and its idempotent replays). */
export function presentBooking(b: Booking, timeZone: string, cancelToken?: string | null) {
  return {
    id: b.id,
    specialist_id: b.specialistId,
    service_id: b.serviceId,
    start_datetime: formatInstant(b.startMs, timeZone),
    end_datetime: formatInstant(b.endMs, timeZone),
    status: b.status,
    client: { name: b.client.name, email: b.client.email },
    notes: b.notes,
    outside_availability: b.outsideAvailability,
    created_at: formatInstant(b.createdAt, timeZone),
    updated_at: formatInstant(b.updatedAt, timeZone),
    ...(cancelToken !== undefined && { cancel_token: cancelToken }),
  };
}
