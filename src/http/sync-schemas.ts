/** JSON schemas of the sync routes: the change feed and webhooks. */
import { CHANGE_TYPES } from '../domain/changes/change.ts';
import { MAX_PAGE } from '../services/change-feed.service.ts';
import { MAX_ID } from './schemas.ts';

const id = { type: 'integer', minimum: 1, maximum: MAX_ID } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const nullableInstant = { type: ['string', 'null'], format: 'date-time' } as const;

export const changesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cursor: {
      type: 'string',
      minLength: 1,
      maxLength: 40,
      description: 'next_cursor of the previous page; absent: from the oldest kept change',
    },
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 100 },
  },
} as const;

const change = {
  type: 'object',
  required: ['seq', 'type', 'specialist_id', 'object', 'at'],
  properties: {
    seq: { type: 'integer' },
    type: { type: 'string', enum: [...CHANGE_TYPES] },
    specialist_id: { type: 'integer' },
    object: {
      type: 'object',
      required: ['kind', 'id'],
      properties: {
        kind: { type: 'string', enum: ['schedule', 'instance', 'service', 'booking'] },
        id: { type: 'integer' },
      },
    },
    at: instant,
  },
} as const;

export const changesResponse = {
  type: 'object',
  required: ['changes', 'next_cursor', 'has_more'],
  properties: {
    changes: { type: 'array', items: change },
    next_cursor: { type: 'string' },
    has_more: { type: 'boolean' },
  },
} as const;

const url = {
  type: 'string',
  minLength: 1,
  maxLength: 2048,
  description:
    'http(s); private, loopback and link-local addresses are refused unless RECURRA_WEBHOOK_ALLOW_PRIVATE is set',
  examples: ['https://example.org/hooks/recurra'],
} as const;
const events = {
  type: 'array',
  minItems: 1,
  maxItems: CHANGE_TYPES.length + 1,
  items: { type: 'string', enum: ['*', ...CHANGE_TYPES] },
  examples: [['booking.created', 'booking.cancelled'], ['*']],
} as const;

export const webhookBody = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'events'],
  properties: {
    url,
    events,
    specialist_id: {
      ...id,
      type: ['integer', 'null'],
      description: "whose changes (null: everybody's, admin only); a specialist's token: its own",
    },
  },
} as const;

export const webhookPatchBody = {
  type: 'object',
  additionalProperties: false,
  properties: { url, events, is_active: { type: 'boolean' } },
} as const;

const webhookProperties = {
  id: { type: 'integer' },
  url: { type: 'string' },
  events: { type: 'array', items: { type: 'string' } },
  specialist_id: { type: ['integer', 'null'] },
  is_active: { type: 'boolean' },
  disabled_reason: { type: ['string', 'null'] },
  created_at: instant,
  updated_at: instant,
} as const;

export const webhookResponse = {
  type: 'object',
  required: Object.keys(webhookProperties),
  properties: webhookProperties,
} as const;

export const createdWebhookResponse = {
  type: 'object',
  required: [...Object.keys(webhookProperties), 'secret'],
  properties: {
    ...webhookProperties,
    secret: {
      type: 'string',
      description: 'whsec_ + base64 of 32 random bytes; shown only in this answer',
    },
  },
} as const;

export const webhookListResponse = {
  type: 'object',
  required: ['webhooks'],
  properties: { webhooks: { type: 'array', items: webhookResponse } },
} as const;

export const deliveriesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { status: { type: 'string', enum: ['pending', 'succeeded', 'failed'] } },
} as const;

export const deliveryResponse = {
  type: 'object',
  required: [
    'id',
    'webhook_id',
    'message_id',
    'seq',
    'type',
    'status',
    'attempt_count',
    'next_attempt_at',
    'created_at',
    'delivered_at',
    'attempts',
  ],
  properties: {
    id: { type: 'integer' },
    webhook_id: { type: 'integer' },
    message_id: { type: 'string', description: 'the webhook-id header, the same on every retry' },
    seq: { type: 'integer' },
    type: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'succeeded', 'failed'] },
    attempt_count: { type: 'integer' },
    next_attempt_at: nullableInstant,
    created_at: instant,
    delivered_at: nullableInstant,
    attempts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['attempted_at', 'status_code', 'error', 'duration_ms'],
        properties: {
          attempted_at: instant,
          status_code: { type: ['integer', 'null'] },
          error: { type: ['string', 'null'] },
          duration_ms: { type: 'integer' },
          worker: {
            type: ['string', 'null'],
            description: 'the server process that sent it (host:pid:random)',
          },
        },
      },
    },
  },
} as const;

export const deliveryListResponse = {
  type: 'object',
  required: ['deliveries'],
  properties: { deliveries: { type: 'array', items: deliveryResponse } },
} as const;
