/**
 * JSON schemas of the edge: requests are validated with them (the failing field named), responses
 * are serialized through them (compiled), and /openapi.json is generated from them.
 */
export const MAX_ID = 2_147_483_647;
const id = { type: 'integer', minimum: 1, maximum: MAX_ID } as const;

/** Path parameters: plain positive decimals (`0x1`, `1e0`, `+1`, `%201` are not ids: 404). */
export function pathParams<const K extends string>(...names: K[]) {
  return {
    type: 'object',
    required: names,
    properties: Object.fromEntries(names.map((n) => [n, id])) as Record<K, typeof id>,
  } as const;
}

/** Text a person typed: anything printable, but no NUL (PostgreSQL cannot store it). */
export const text = (maxLength: number) =>
  ({ type: 'string', minLength: 1, maxLength, pattern: '^[^\\u0000]*$' }) as const;

export const dateTime = {
  type: 'string',
  minLength: 10,
  maxLength: 40,
  description: 'YYYY-MM-DDTHH:MM[:SS] local to the zone, or with Z or an offset (at most ±18:00)',
  examples: ['2026-12-05T09:00:00'],
} as const;
export const date = {
  type: 'string',
  minLength: 1,
  maxLength: 20,
  description: 'a local date YYYY-MM-DD',
  examples: ['2026-12-07'],
} as const;
const zone = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description: 'an IANA time zone, matched case-insensitively',
  examples: ['Europe/Berlin'],
} as const;
/** An instant as the service writes it: RFC 3339 with the offset in force, seconds present. */
const instant = {
  type: 'string',
  format: 'date-time',
  examples: ['2026-12-05T09:00:00+01:00'],
} as const;

export const errorResponse = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', examples: ['validation_error'] },
        message: { type: 'string' },
        details: {},
      },
    },
  },
} as const;

/** The error answers every route may give, by status. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { ...errorResponse, description: ERROR_TEXT[s] ?? 'error' }]),
  );
}
const ERROR_TEXT: Record<number, string> = {
  400: 'invalid input (validation_error, range_too_large)',
  401: 'a bearer token is needed (unauthorized)',
  403: 'the token may not do this (forbidden)',
  404: 'no such resource (not_found)',
  409: 'conflict, slot_unavailable (with reason and next_slots) or has_bookings',
  410: 'the cursor is older than the change log keeps (cursor_expired)',
  422: 'the Idempotency-Key was used with another body (idempotency_mismatch)',
  413: 'the body is too large (payload_too_large)',
  415: 'the body is not JSON (unsupported_media_type)',
  429: 'too many requests (rate_limited)',
  503: 'the database is unavailable (service_unavailable)',
};

export const specialistResponse = {
  type: 'object',
  required: ['id', 'name', 'timezone', 'created_at'],
  properties: { id, name: { type: 'string' }, timezone: { type: 'string' }, created_at: instant },
} as const;

export const specialistBody = {
  type: 'object',
  required: ['name', 'timezone'],
  additionalProperties: false,
  properties: { name: text(200), timezone: zone },
  examples: [{ name: 'Dr. Rivera', timezone: 'Europe/Berlin' }],
} as const;

export const recurrenceRuleSchema = {
  description:
    'an RRULE value (with or without "RRULE:") or the object form {"freq","interval","byweekday","until","count",…}; null or omitted: a one-off event',
  anyOf: [
    { type: 'string', maxLength: 1000 },
    { type: 'object', maxProperties: 20 },
    { type: 'null' },
  ],
} as const;

const scheduleFields = {
  title: text(200),
  start_datetime: dateTime,
  end_datetime: dateTime,
  timezone: zone,
  recurrence_rule: recurrenceRuleSchema,
  exdates: { type: 'array', maxItems: 1000, items: dateTime },
} as const;

export const scheduleBody = {
  type: 'object',
  required: ['title', 'start_datetime', 'end_datetime'],
  additionalProperties: false,
  properties: scheduleFields,
  examples: [
    {
      title: 'Saturday clinic',
      start_datetime: '2026-12-05T09:00:00',
      end_datetime: '2026-12-05T17:00:00',
      timezone: 'Europe/Berlin',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA',
    },
  ],
} as const;

/** Any subset of a schedule's fields, for a series edit. */
export const schedulePatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: scheduleFields,
  examples: [{ start_datetime: '2027-01-02T10:00', end_datetime: '2027-01-02T14:00' }],
} as const;

export const scheduleResponse = {
  type: 'object',
  required: [
    'id',
    'specialist_id',
    'title',
    'is_recurring',
    'recurring_event_id',
    'recurrence_rule',
    'timezone',
    'start_datetime',
    'end_datetime',
    'exdates',
    'is_active',
    'created_at',
    'updated_at',
  ],
  properties: {
    id,
    specialist_id: id,
    title: { type: 'string' },
    is_recurring: { type: 'boolean' },
    recurring_event_id: { type: 'string' },
    recurrence_rule: { type: ['string', 'null'], examples: ['FREQ=WEEKLY;BYDAY=SA'] },
    timezone: { type: 'string' },
    start_datetime: instant,
    end_datetime: instant,
    exdates: { type: 'array', items: instant },
    is_active: { type: 'boolean' },
    created_at: instant,
    updated_at: instant,
  },
} as const;

export const instanceResponse = {
  type: 'object',
  required: [
    'id',
    'schedule_id',
    'recurring_event_id',
    'is_recurring',
    'title',
    'start_datetime',
    'end_datetime',
    'original_start_datetime',
    'status',
    'is_exception',
  ],
  properties: {
    id: { type: ['integer', 'null'], description: 'null beyond the storage horizon (not stored)' },
    schedule_id: id,
    recurring_event_id: { type: 'string' },
    is_recurring: { type: 'boolean' },
    title: { type: 'string' },
    start_datetime: instant,
    end_datetime: instant,
    original_start_datetime: instant,
    status: { type: 'string', enum: ['confirmed', 'cancelled'] },
    is_exception: { type: 'boolean' },
  },
} as const;

export const calendarResponse = {
  type: 'object',
  required: ['specialist_id', 'timezone', 'start_date', 'end_date', 'instances'],
  properties: {
    specialist_id: id,
    timezone: { type: 'string' },
    start_date: { type: 'string' },
    end_date: { type: 'string' },
    instances: { type: 'array', items: instanceResponse },
  },
} as const;

export const calendarQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    start_date: date,
    end_date: date,
    include_cancelled: { type: 'boolean' },
  },
} as const;

export const listSchedulesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { include_inactive: { type: 'boolean' } },
} as const;

export const overlapQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { allow_overlap: { type: 'boolean' } },
} as const;

/** `force=true`: an availability change that leaves bookings outside goes ahead; they are marked. */
const force = {
  type: 'boolean',
  description: 'go ahead even if bookings end up outside the availability (they are marked)',
} as const;

export const deleteScheduleQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { from: date, force },
} as const;

export const instanceChangeQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { allow_overlap: { type: 'boolean' }, force },
} as const;

export const forceQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { force },
} as const;

export const schedulePatchQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    scope: { type: 'string', enum: ['all', 'following'] },
    from: date,
    allow_overlap: { type: 'boolean' },
    force,
  },
} as const;

export const instancePatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    title: text(200),
    start_datetime: dateTime,
    end_datetime: dateTime,
  },
  examples: [{ start_datetime: '2026-12-11T13:00' }],
} as const;

/** A bearer token on this operation when the server runs protected. */
export const bearer = [{ bearer: [] }];

export const noContent = { 204: { type: 'null', description: 'done' } } as const;
