/** JSON schemas shared by the routes: validation at the edge, with the failing field named. */
const id = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;

export const specialistParams = {
  type: 'object',
  required: ['id'],
  properties: { id },
} as const;

export const scheduleParams = {
  type: 'object',
  required: ['id', 'sid'],
  properties: { id, sid: id },
} as const;

export const instanceParams = {
  type: 'object',
  required: ['id', 'iid'],
  properties: { id, iid: id },
} as const;

/** Text a person typed: anything printable, but no NUL (PostgreSQL cannot store it). */
const text = (maxLength: number) =>
  ({ type: 'string', minLength: 1, maxLength, pattern: '^[^\\u0000]*$' }) as const;

const dateTime = { type: 'string', minLength: 10, maxLength: 40 } as const;
const date = { type: 'string', minLength: 1, maxLength: 20 } as const;

export const specialistBody = {
  type: 'object',
  required: ['name', 'timezone'],
  additionalProperties: false,
  properties: {
    name: text(200),
    timezone: { type: 'string', minLength: 1, maxLength: 64 },
  },
} as const;

export const recurrenceRuleSchema = {
  anyOf: [
    { type: 'string', maxLength: 1000 },
    { type: 'object', maxProperties: 20 },
    { type: 'null' },
  ],
} as const;

export const scheduleBody = {
  type: 'object',
  required: ['title', 'start_datetime', 'end_datetime'],
  additionalProperties: false,
  properties: {
    title: text(200),
    start_datetime: dateTime,
    end_datetime: dateTime,
    timezone: { type: 'string', minLength: 1, maxLength: 64 },
    recurrence_rule: recurrenceRuleSchema,
    exdates: { type: 'array', maxItems: 1000, items: dateTime },
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

export const createScheduleQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { allow_overlap: { type: 'boolean' } },
} as const;

export const deleteScheduleQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { from: date },
} as const;

/** Any subset of a schedule's fields, for a series edit. */
export const schedulePatchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: scheduleBody.properties,
} as const;

export const schedulePatchQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    scope: { type: 'string', enum: ['all', 'following'] },
    from: date,
    allow_overlap: { type: 'boolean' },
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
} as const;
