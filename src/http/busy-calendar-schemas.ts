/** JSON schemas of the busy-calendar routes (a specialist's external iCalendar URLs). */
import { MAX_ID, text } from './schemas.ts';

const id = { type: 'integer', minimum: 1, maximum: MAX_ID } as const;
const url = {
  type: 'string',
  minLength: 1,
  maxLength: 2048,
  description:
    'an http(s) iCalendar URL; private, loopback and link-local addresses are refused unless RECURRA_WEBHOOK_ALLOW_PRIVATE is set',
  examples: ['https://calendar.google.com/calendar/ical/…/basic.ics'],
} as const;

export const busyCalendarBody = {
  type: 'object',
  required: ['url', 'name'],
  additionalProperties: false,
  properties: { url, name: text(200) },
  examples: [{ url: 'https://calendar.example.org/rivera.ics', name: 'Work calendar' }],
} as const;

export const busyCalendarResponse = {
  type: 'object',
  required: ['id', 'url', 'name', 'last_fetched_at', 'last_status', 'events'],
  properties: {
    id,
    url: { type: 'string' },
    name: { type: 'string' },
    last_fetched_at: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'the last fetch, in the specialist’s zone; null before the first',
      examples: ['2026-12-02T11:00:00+01:00'],
    },
    last_status: {
      type: ['string', 'null'],
      description:
        '`ok` (with a count of warnings), `not modified`, or `error: …` (the last good busy time is kept); null before the first fetch',
      examples: ['ok', 'not modified', 'error: HTTP 500', 'error: larger than 5 MB'],
    },
    events: { type: 'integer', description: 'VEVENTs read by the last good fetch' },
  },
} as const;

export const busyCalendarList = {
  type: 'object',
  required: ['busy_calendars'],
  properties: { busy_calendars: { type: 'array', items: busyCalendarResponse } },
} as const;
