/** JSON schemas of the booking routes (services, slots, holds, bookings, free/busy). */
import { date, dateTime, text } from './schemas.ts';

const id = { type: 'integer', minimum: 1, maximum: 2_147_483_647 } as const;
const minutes = { type: 'integer', examples: [30] } as const;
const instant = {
  type: 'string',
  format: 'date-time',
  examples: ['2027-01-12T10:15:00+01:00'],
} as const;

const serviceFields = {
  name: text(200),
  duration_minutes: { ...minutes, description: '5–720' },
  slot_step_minutes: { ...minutes, description: '5–720, default the duration' },
  buffer_before_minutes: { ...minutes, description: '0–240, default 0' },
  buffer_after_minutes: { ...minutes, description: '0–240, default 0' },
  min_notice_minutes: { ...minutes, description: '≥ 0, default 0' },
  max_days_ahead: { type: 'integer', description: '1–730, default 60' },
  capacity: { type: 'integer', description: '1–1000, default 1 (more: a group session)' },
  max_per_day: {
    type: ['integer', 'null'],
    description: 'confirmed bookings a local day, or null',
  },
  schedule_ids: {
    type: ['array', 'null'],
    items: id,
    maxItems: 200,
    description: 'the availability schedules it may be booked in; null: all',
  },
} as const;

export const serviceBody = {
  type: 'object',
  required: ['name', 'duration_minutes'],
  additionalProperties: false,
  properties: serviceFields,
  examples: [
    {
      name: 'Consultation',
      duration_minutes: 30,
      slot_step_minutes: 15,
      buffer_before_minutes: 5,
      buffer_after_minutes: 10,
      min_notice_minutes: 120,
      max_days_ahead: 60,
      capacity: 1,
      max_per_day: 8,
      schedule_ids: null,
    },
  ],
} as const;

export const servicePatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: serviceFields,
} as const;

export const serviceResponse = {
  type: 'object',
  required: [
    'id',
    'specialist_id',
    ...Object.keys(serviceFields),
    'is_active',
    'created_at',
    'updated_at',
  ],
  properties: {
    id,
    specialist_id: id,
    ...serviceFields,
    name: { type: 'string' },
    is_active: { type: 'boolean' },
    created_at: instant,
    updated_at: instant,
  },
} as const;

export const slotResponse = {
  type: 'object',
  required: ['start_datetime', 'end_datetime', 'remaining'],
  properties: { start_datetime: instant, end_datetime: instant, remaining: { type: 'integer' } },
} as const;

export const slotsQuery = {
  type: 'object',
  required: ['service_id'],
  additionalProperties: false,
  properties: { service_id: id, start_date: date, end_date: date },
} as const;

export const slotsResponse = {
  type: 'object',
  required: ['specialist_id', 'service_id', 'timezone', 'start_date', 'end_date', 'slots'],
  properties: {
    specialist_id: id,
    service_id: id,
    timezone: { type: 'string' },
    start_date: { type: 'string' },
    end_date: { type: 'string' },
    slots: { type: 'array', items: slotResponse },
  },
} as const;

export const holdBody = {
  type: 'object',
  required: ['service_id', 'start_datetime'],
  additionalProperties: false,
  properties: { service_id: id, start_datetime: dateTime },
  examples: [{ service_id: 3, start_datetime: '2027-01-12T10:15:00+01:00' }],
} as const;

export const holdResponse = {
  type: 'object',
  required: ['id', 'service_id', 'start_datetime', 'end_datetime', 'hold_token', 'expires_at'],
  properties: {
    id,
    service_id: id,
    start_datetime: instant,
    end_datetime: instant,
    hold_token: { type: 'string' },
    expires_at: instant,
  },
} as const;

export const holdTokenQuery = {
  type: 'object',
  required: ['hold_token'],
  additionalProperties: false,
  properties: { hold_token: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const client = {
  type: 'object',
  required: ['name', 'email'],
  additionalProperties: false,
  properties: { name: text(200), email: { type: 'string', minLength: 3, maxLength: 254 } },
} as const;

const notes = { type: ['string', 'null'], maxLength: 2000, pattern: '^[^\\u0000]*$' } as const;

export const bookingBody = {
  type: 'object',
  required: ['service_id', 'start_datetime', 'client'],
  additionalProperties: false,
  properties: {
    service_id: id,
    start_datetime: dateTime,
    client,
    notes,
    hold_token: { type: 'string', minLength: 1, maxLength: 200 },
  },
  examples: [
    {
      service_id: 3,
      start_datetime: '2027-01-12T10:15:00+01:00',
      client: { name: 'Ada Lovelace', email: 'ada@example.org' },
      notes: 'first visit',
    },
  ],
} as const;

export const bookingPatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { start_datetime: dateTime, notes },
} as const;

export const bookingResponse = {
  type: 'object',
  required: [
    'id',
    'specialist_id',
    'service_id',
    'start_datetime',
    'end_datetime',
    'status',
    'client',
    'notes',
    'outside_availability',
    'created_at',
    'updated_at',
  ],
  properties: {
    id,
    specialist_id: id,
    service_id: id,
    start_datetime: instant,
    end_datetime: instant,
    status: { type: 'string', enum: ['confirmed', 'cancelled'] },
    client: {
      type: 'object',
      required: ['name', 'email'],
      properties: { name: { type: 'string' }, email: { type: 'string' } },
    },
    notes: { type: ['string', 'null'] },
    outside_availability: { type: 'boolean' },
    created_at: instant,
    updated_at: instant,
    cancel_token: {
      type: ['string', 'null'],
      description: 'only when the booking is made (shown once; only its hash is stored)',
    },
  },
} as const;

export const bookingsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { start_date: date, end_date: date, include_cancelled: { type: 'boolean' } },
} as const;

export const cancelTokenQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { cancel_token: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export const feedTokenQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { token: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export const freeBusyBody = {
  type: 'object',
  required: ['specialist_ids', 'time_min', 'time_max'],
  additionalProperties: false,
  properties: {
    specialist_ids: { type: 'array', items: id, minItems: 1, maxItems: 1000 },
    time_min: dateTime,
    time_max: dateTime,
    service_id: { type: ['integer', 'null'], minimum: 1 },
  },
  examples: [
    {
      specialist_ids: [1, 2, 3],
      time_min: '2027-01-11T00:00:00Z',
      time_max: '2027-01-18T00:00:00Z',
      service_id: null,
    },
  ],
} as const;

const span = {
  type: 'object',
  required: ['start', 'end'],
  properties: { start: instant, end: instant },
} as const;

export const freeBusyResponse = {
  type: 'object',
  required: ['time_min', 'time_max', 'specialists'],
  properties: {
    time_min: instant,
    time_max: instant,
    specialists: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['busy', 'free', 'errors'],
        properties: {
          timezone: { type: 'string' },
          busy: { type: 'array', items: span },
          free: { type: 'array', items: span },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['reason'],
              properties: { reason: { type: 'string' } },
            },
          },
        },
      },
    },
  },
} as const;

/** `?force=true`: an availability edit that leaves bookings outside goes ahead anyway. */
export const forceProperty = { force: { type: 'boolean' } } as const;
