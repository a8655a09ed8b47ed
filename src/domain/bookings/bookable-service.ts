import { invalid } from '../errors.ts';

/** What a client books: a duration, where it may start, buffers and limits. */
export interface BookableService {
  readonly id: number;
  readonly specialistId: number;
  readonly name: string;
  readonly durationMinutes: number;
  readonly slotStepMinutes: number;
  readonly bufferBeforeMinutes: number;
  readonly bufferAfterMinutes: number;
  readonly minNoticeMinutes: number;
  readonly maxDaysAhead: number;
  /** Bookings one slot may take (more than 1: a group session). */
  readonly capacity: number;
  /** Confirmed bookings of this service per local day of the specialist, or no limit. */
  readonly maxPerDay: number | null;
  /** The availability schedules it may be booked in; null: all of the specialist's. */
  readonly scheduleIds: readonly number[] | null;
  readonly isActive: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The fields a client sends (create: `duration_minutes` and `name` required; patch: any). */
export interface ServiceInput {
  readonly name?: string;
  readonly duration_minutes?: number;
  readonly slot_step_minutes?: number;
  readonly buffer_before_minutes?: number;
  readonly buffer_after_minutes?: number;
  readonly min_notice_minutes?: number;
  readonly max_days_ahead?: number;
  readonly capacity?: number;
  readonly max_per_day?: number | null;
  readonly schedule_ids?: readonly number[] | null;
}

export type ServiceFields = Omit<
  BookableService,
  'id' | 'specialistId' | 'isActive' | 'createdAt' | 'updatedAt'
>;

/** The contract's ranges, one place. */
export const SERVICE_LIMITS = {
  duration_minutes: [5, 720],
  slot_step_minutes: [5, 720],
  buffer_before_minutes: [0, 240],
  buffer_after_minutes: [0, 240],
  min_notice_minutes: [0, 525_600],
  max_days_ahead: [1, 730],
  capacity: [1, 1000],
  max_per_day: [1, 1000],
} as const;

function inRange(field: keyof typeof SERVICE_LIMITS, value: number): number {
  const [min, max] = SERVICE_LIMITS[field];
  if (!Number.isInteger(value) || value < min || value > max)
    throw invalid(`${field} must be a whole number from ${min} to ${max}`, { field, value });
  return value;
}

/**
 * Validates a service (a create, or a patch merged into `current`), with the contract's defaults:
 * step = duration, buffers 0, no notice, 60 days ahead, capacity 1, no daily limit, all schedules.
 *
 * @example validateService({ name: 'Consultation', duration_minutes: 30 }) // step 30, capacity 1, …
 */
export function validateService(input: ServiceInput, current?: ServiceFields): ServiceFields {
  const name = (input.name ?? current?.name)?.trim();
  if (!name) throw invalid('name must not be empty', { field: 'name' });
  const duration = input.duration_minutes ?? current?.durationMinutes;
  if (duration === undefined)
    throw invalid('duration_minutes is required', { field: 'duration_minutes' });
  const scheduleIds =
    input.schedule_ids !== undefined ? input.schedule_ids : (current?.scheduleIds ?? null);
  if (scheduleIds !== null && scheduleIds.length === 0)
    throw invalid('schedule_ids must name at least one schedule, or be null for all of them', {
      field: 'schedule_ids',
    });
  const maxPerDay =
    input.max_per_day !== undefined ? input.max_per_day : (current?.maxPerDay ?? null);
  return {
    name,
    durationMinutes: inRange('duration_minutes', duration),
    slotStepMinutes: inRange(
      'slot_step_minutes',
      input.slot_step_minutes ?? current?.slotStepMinutes ?? duration,
    ),
    bufferBeforeMinutes: inRange(
      'buffer_before_minutes',
      input.buffer_before_minutes ?? current?.bufferBeforeMinutes ?? 0,
    ),
    bufferAfterMinutes: inRange(
      'buffer_after_minutes',
      input.buffer_after_minutes ?? current?.bufferAfterMinutes ?? 0,
    ),
    minNoticeMinutes: inRange(
      'min_notice_minutes',
      input.min_notice_minutes ?? current?.minNoticeMinutes ?? 0,
    ),
    maxDaysAhead: inRange('max_days_ahead', input.max_days_ahead ?? current?.maxDaysAhead ?? 60),
    capacity: inRange('capacity', input.capacity ?? current?.capacity ?? 1),
    maxPerDay: maxPerDay === null ? null : inRange('max_per_day', maxPerDay),
    scheduleIds: scheduleIds === null ? null : [...new Set(scheduleIds)].sort((a, b) => a - b),
  };
}
