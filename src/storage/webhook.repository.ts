import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, WebhookDeliveryTable, WebhookTable } from './tables.ts';

/** A webhook subscription, as stored (its secret sealed). */
export interface Webhook {
  readonly id: number;
  readonly url: string;
  readonly events: readonly string[];
  readonly specialistId: number | null;
  readonly secretSealed: string;
  readonly isActive: boolean;
  readonly disabledReason: string | null;
  readonly failingSince: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A change owed to a webhook, and where its delivery stands. */
export interface WebhookDelivery {
  readonly id: number;
  readonly webhookId: number;
  readonly messageId: string;
  readonly seq: number;
  readonly type: string;
  readonly payload: string;
  readonly status: 'pending' | 'succeeded' | 'failed';
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly deliveredAt: number | null;
}

export interface WebhookAttempt {
  readonly attemptedAt: number;
  /** The process that sent it; absent when recording (the recorder knows its own). */
  readonly worker?: string;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

function toWebhook(r: Selectable<WebhookTable>): Webhook {
  return {
    id: r.id,
    url: r.url,
    events: JSON.parse(r.events) as string[],
    specialistId: r.specialist_id,
    secretSealed: r.secret_sealed,
    isActive: Number(r.is_active) === 1,
    disabledReason: r.disabled_reason,
    failingSince: r.failing_since === null ? null : Number(r.failing_since),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function toDelivery(r: Selectable<WebhookDeliveryTable>): WebhookDelivery {
  return {
    id: r.id,
    webhookId: r.webhook_id,
    messageId: r.message_id,
    seq: Number(r.seq),
    type: r.type,
    payload: r.payload,
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    lastStatusCode: r.last_status_code === null ? null : Number(r.last_status_code),
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
  };
}

/** SQL for webhooks, their outbox of deliveries, and the attempts' log. */
export class WebhookRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly skipLocked: boolean,
    private readonly maxRowsPerStatement: number,
  ) {}

  async insert(w: {
    url: string;
    events: readonly string[];
    specialistId: number | null;
    secretSealed: string;
    nowMs: number;
  }): Promise<Webhook> {
    const r = await this.db
      .insertInto('webhooks')
      .values({
        url: w.url,
        events: JSON.stringify(w.events),
        specialist_id: w.specialistId,
        secret_sealed: w.secretSealed,
        is_active: 1,
        disabled_reason: null,
        failing_since: null,
        created_at: w.nowMs,
        updated_at: w.nowMs,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toWebhook(r);
  }

  async findById(id: number): Promise<Webhook | undefined> {
    const r = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toWebhook(r);
  }

  /** Webhooks visible to a caller: all (admin), or those of one specialist. */
  async list(specialistId?: number): Promise<Webhook[]> {
    let q = this.db.selectFrom('webhooks').selectAll();
    if (specialistId !== undefined) q = q.where('specialist_id', '=', specialistId);
    return (await q.orderBy('id').execute()).map(toWebhook);
  }

  /** Active webhooks that may take a change of this specialist (theirs, or everybody's). */
  async activeFor(specialistId: number): Promise<Webhook[]> {
    const rows = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('is_active', '=', 1)
      .where((eb) =>
        eb.or([eb('specialist_id', 'is', null), eb('specialist_id', '=', specialistId)]),
      )
      .execute();
    return rows.map(toWebhook);
  }

  async update(
    id: number,
    changes: {
      url?: string;
      events?: readonly string[];
      isActive?: boolean;
      disabledReason?: string | null;
    },
    nowMs: number,
  ): Promise<Webhook> {
    const r = await this.db
      .updateTable('webhooks')
      .set({
        ...(changes.url !== undefined && { url: changes.url }),
        ...(changes.events !== undefined && { events: JSON.stringify(changes.events) }),
        ...(changes.isActive !== undefined && {
          is_active: changes.isActive ? 1 : 0,
          // Turned on again: the failure streak starts over.
          ...(changes.isActive && { disabled_reason: null, failing_since: null }),
        }),
        ...(changes.disabledReason !== undefined && { disabled_reason: changes.disabledReason }),
        updated_at: nowMs,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toWebhook(r);
  }

  async delete(id: number): Promise<void> {
    await this.db
      .deleteFrom('webhook_attempts')
      .where('delivery_id', 'in', (eb) =>
        eb.selectFrom('webhook_deliveries').select('id').where('webhook_id', '=', id),
      )
      .execute();
    await this.db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
    await this.db.deleteFrom('webhooks').where('id', '=', id).execute();
  }

  /** The outbox: deliveries owed, written in the same transaction as their change. */
  async enqueue(
    deliveries: ReadonlyArray<{
      webhookId: number;
      messageId: string;
      seq: number;
      type: string;
      payload: string;
    }>,
    nowMs: number,
  ): Promise<void> {
    for (let i = 0; i < deliveries.length; i += this.maxRowsPerStatement)
      await this.db
        .insertInto('webhook_deliveries')
        .values(
          deliveries.slice(i, i + this.maxRowsPerStatement).map((d) => ({
            webhook_id: d.webhookId,
            message_id: d.messageId,
            seq: d.seq,
            type: d.type,
            payload: d.payload,
            status: 'pending' as const,
            attempts: 0,
            next_attempt_at: nowMs,
            claimed_by: null,
            claimed_until: null,
            last_status_code: null,
            last_error: null,
            created_at: nowMs,
            delivered_at: null,
          })),
        )
        .execute();
  }

  /**
   * Claims up to `limit` due deliveries for `worker` until `untilMs`: one process has a delivery
   * at a time. PostgreSQL: `FOR UPDATE SKIP LOCKED` in the claiming statement, so two
   * dispatchers take different rows without waiting on each other. SQLite: the same statement in
   * a write transaction, which the single writer serializes. A claim that runs out (its process
   * died) makes the delivery due again.
   */
  async claimDue(
    worker: string,
    nowMs: number,
    untilMs: number,
    limit: number,
  ): Promise<WebhookDelivery[]> {
    let due = this.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', nowMs)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowMs)]))
      // A disabled webhook's deliveries wait (they resume if it is turned on again).
      .where('webhook_id', 'in', (eb) =>
        eb.selectFrom('webhooks').select('id').where('is_active', '=', 1),
      )
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit);
    // Most rounds find nothing: a plain read first, so an idle dispatcher never takes SQLite's
    // write lock.
    if (!(await due.executeTakeFirst())) return [];
    if (this.skipLocked) due = due.forUpdate().skipLocked();
    const rows = await this.db
      .updateTable('webhook_deliveries')
      .set({ claimed_by: worker, claimed_until: untilMs })
      .where('id', 'in', due)
      .returningAll()
      .execute();
    return rows.map(toDelivery).sort((a, b) => a.id - b.id);
  }

  /** Gives claims back (a process shutting down without trying them). */
  async release(worker: string, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('webhook_deliveries')
      .set({ claimed_by: null, claimed_until: null })
      .where('id', 'in', [...ids])
      .where('claimed_by', '=', worker)
      .execute();
  }

  /** Records one attempt and where the delivery now stands (only while `worker` holds it). */
  async recordAttempt(
    worker: string,
    deliveryId: number,
    attempt: WebhookAttempt,
    next: { status: 'pending' | 'succeeded' | 'failed'; nextAttemptAt: number },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        status: next.status,
        attempts: eb('attempts', '+', 1),
        next_attempt_at: next.nextAttemptAt,
        claimed_by: null,
        claimed_until: null,
        last_status_code: attempt.statusCode,
        last_error: attempt.error,
        delivered_at: next.status === 'succeeded' ? attempt.attemptedAt : null,
      }))
      .where('id', '=', deliveryId)
      .where('claimed_by', '=', worker)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await this.db
      .insertInto('webhook_attempts')
      .values({
        delivery_id: deliveryId,
        attempted_at: attempt.attemptedAt,
        status_code: attempt.statusCode,
        error: attempt.error,
        duration_ms: attempt.durationMs,
        worker,
      })
      .execute();
    return true;
  }

  /** After an attempt: a success ends the webhook's failure streak; a failure may start one. */
  async noteOutcome(
    webhookId: number,
    succeeded: boolean,
    nowMs: number,
  ): Promise<Webhook | undefined> {
    await this.db
      .updateTable('webhooks')
      .set(
        succeeded
          ? { failing_since: null }
          : { failing_since: sql<number>`coalesce(failing_since, ${nowMs})` },
      )
      .where('id', '=', webhookId)
      .execute();
    return this.findById(webhookId);
  }

  async findDelivery(webhookId: number, id: number): Promise<WebhookDelivery | undefined> {
    const r = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', id)
      .where('webhook_id', '=', webhookId)
      .executeTakeFirst();
    return r && toDelivery(r);
  }

  async listDeliveries(
    webhookId: number | null,
    status: 'pending' | 'succeeded' | 'failed' | undefined,
    limit: number,
  ): Promise<WebhookDelivery[]> {
    let q = this.db.selectFrom('webhook_deliveries').selectAll();
    if (webhookId !== null) q = q.where('webhook_id', '=', webhookId);
    if (status) q = q.where('status', '=', status);
    return (await q.orderBy('id', 'desc').limit(limit).execute()).map(toDelivery);
  }

  async attemptsOf(deliveryIds: readonly number[]): Promise<Map<number, WebhookAttempt[]>> {
    const out = new Map<number, WebhookAttempt[]>();
    if (deliveryIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('delivery_id', 'in', [...deliveryIds])
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.delivery_id) ?? [];
      list.push({
        attemptedAt: Number(r.attempted_at),
        statusCode: r.status_code === null ? null : Number(r.status_code),
        error: r.error,
        durationMs: Number(r.duration_ms),
        worker: r.worker,
      });
      out.set(r.delivery_id, list);
    }
    return out;
  }

  /**
   * A manual retry: due now, as a pending delivery. One being attempted right now (claimed) is
   * left to that attempt: taking it away would let two processes send it at once.
   */
  async retryNow(id: number, nowMs: number): Promise<void> {
    await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: nowMs })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', nowMs)]))
      .execute();
  }

  /** Forgets finished deliveries (and their attempts) older than `beforeMs`. */
  async prune(beforeMs: number): Promise<number> {
    const old = (eb: Kysely<Database>) =>
      eb
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('status', '!=', 'pending')
        .where('created_at', '<', beforeMs);
    await this.db.deleteFrom('webhook_attempts').where('delivery_id', 'in', old(this.db)).execute();
    const r = await this.db
      .deleteFrom('webhook_deliveries')
      .where('status', '!=', 'pending')
      .where('created_at', '<', beforeMs)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async serverKey(name: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('server_keys')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return r?.value;
  }

  /** Stores a key unless one exists; returns the one that is stored (the first writer's). */
  async putServerKey(name: string, value: string): Promise<string> {
    await this.db
      .insertInto('server_keys')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return (await this.serverKey(name)) ?? value;
  }
}
