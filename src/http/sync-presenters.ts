import type { Change } from '../domain/changes/change.ts';
import { formatInstant } from '../domain/time/date-time.ts';
import type { ChangePage } from '../services/change-feed.service.ts';
import type { Webhook, WebhookAttempt, WebhookDelivery } from '../storage/webhook.repository.ts';

/** The change feed, webhooks and their deliveries as the API (and the CLI's --json) write them. */
const utc = (ms: number) => formatInstant(ms, 'UTC');

export function presentChange(c: Change) {
  return {
    seq: c.seq,
    type: c.type,
    specialist_id: c.specialistId,
    object: { kind: c.object.kind, id: c.object.id },
    at: utc(c.at),
  };
}

export function presentPage(p: ChangePage) {
  return { changes: p.changes.map(presentChange), next_cursor: p.nextCursor, has_more: p.hasMore };
}

export function presentWebhook(w: Webhook) {
  return {
    id: w.id,
    url: w.url,
    events: w.events,
    specialist_id: w.specialistId,
    is_active: w.isActive,
    disabled_reason: w.disabledReason,
    created_at: utc(w.createdAt),
    updated_at: utc(w.updatedAt),
  };
}

export function presentDelivery(d: WebhookDelivery, attempts: readonly WebhookAttempt[]) {
  return {
    id: d.id,
    webhook_id: d.webhookId,
    message_id: d.messageId,
    seq: d.seq,
    type: d.type,
    status: d.status,
    attempt_count: d.attempts,
    next_attempt_at: d.status === 'pending' ? utc(d.nextAttemptAt) : null,
    created_at: utc(d.createdAt),
    delivered_at: d.deliveredAt === null ? null : utc(d.deliveredAt),
    attempts: attempts.map((a) => ({
      attempted_at: utc(a.attemptedAt),
      status_code: a.statusCode,
      error: a.error,
      duration_ms: a.durationMs,
      worker: a.worker ?? null,
    })),
  };
}
