import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '../domain/clock.ts';
import { GIVE_UP_MS, nextAttemptAt, signMessage } from '../domain/changes/webhook-signature.ts';
import { inTransaction, type Repositories } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import type { Webhook, WebhookDelivery } from '../storage/webhook.repository.ts';
import type { Logger } from './logger.ts';
import { fetchOutbound, OutboundError } from './outbound/fetch-outbound.ts';
import type { TargetGuard } from './outbound/target-guard.ts';
import type { SecretBox } from './secret-box.ts';

/** What the dispatcher reports (`recurra_webhook_*`). */
export interface WebhookMetrics {
  attempt(result: 'succeeded' | 'retried' | 'failed'): void;
  lag(seconds: number): void;
}

export interface DispatcherOptions {
  /** How often to look for due deliveries. */
  readonly pollMs?: number;
  /** Deliveries claimed (and sent in parallel) per round. */
  readonly batch?: number;
  /** A 2xx within this is a success (the contract's 10 s). */
  readonly timeoutMs?: number;
}

/**
 * Sends the outbox. Each server process runs one: it claims due deliveries (one process holds a
 * delivery at a time: `FOR UPDATE SKIP LOCKED` on PostgreSQL, the single writer on SQLite, and a
 * lease that runs out if the process dies), signs them the Standard Webhooks way, POSTs them
 * without following redirects and only to allowed addresses, and records each attempt: success,
 * a retry with backoff, or, after 3 days, failure. A webhook that has done nothing but fail for 3
 * days is turned off. `stop()` lets attempts in flight finish, then gives back what is left.
 */
export class WebhookDispatcher {
  readonly worker = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly pollMs: number;
  private readonly batch: number;
  private readonly timeoutMs: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly held = new Set<number>();

  constructor(
    private readonly storage: Storage,
    private readonly repos: Repositories,
    private readonly guard: TargetGuard,
    private readonly secrets: () => Promise<SecretBox>,
    private readonly clock: Clock,
    private readonly metrics: WebhookMetrics,
    private readonly log: Logger,
    options: DispatcherOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.batch = options.batch ?? 10;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops claiming; waits for the attempts in flight (each ends within the timeout); releases the rest. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    if (this.held.size) await this.repos.webhooks.release(this.worker, [...this.held]);
    this.held.clear();
  }

  /** One round: claim what is due and try each. Returns how many were tried. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const claimed = await this.repos.webhooks.claimDue(
      this.worker,
      now,
      now + this.timeoutMs + 30_000,
      this.batch,
    );
    for (const d of claimed) this.held.add(d.id);
    const hooks = new Map<number, Webhook | undefined>();
    for (const d of claimed)
      if (!hooks.has(d.webhookId))
        hooks.set(d.webhookId, await this.repos.webhooks.findById(d.webhookId));
    await Promise.all(
      claimed.map(async (d) => {
        try {
          const hook = hooks.get(d.webhookId);
          if (hook) await this.attempt(hook, d);
        } catch (err) {
          // Not recorded (the database failed): give it back now rather than at the lease's end.
          this.log.warn({ err, delivery: d.id }, 'webhook delivery could not be recorded');
          await this.repos.webhooks.release(this.worker, [d.id]).catch(() => undefined);
        } finally {
          this.held.delete(d.id);
        }
      }),
    );
    return claimed.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().then(
        (n) => this.schedule(n === this.batch ? 0 : this.pollMs),
        (err: unknown) => {
          this.log.warn({ err }, 'webhook dispatch round failed');
          this.schedule(this.pollMs);
        },
      );
    }, delayMs);
    this.timer.unref();
  }

  private async attempt(hook: Webhook, d: WebhookDelivery): Promise<void> {
    const startedAt = this.clock.now();
    const url = new URL(hook.url);
    const timestamp = Math.floor(startedAt / 1000);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      if (this.guard.refusesLiteral(url))
        throw new OutboundError('refused', `refused: ${url.hostname} is a private address`);
      const secret = (await this.secrets()).unseal(hook.secretSealed);
      const res = await fetchOutbound(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': d.messageId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signMessage(secret, d.messageId, timestamp, d.payload),
        },
        body: d.payload,
        timeoutMs: this.timeoutMs,
        maxBytes: 0,
        lookup: this.guard.lookup(),
      });
      statusCode = res.status;
      if (res.status < 200 || res.status > 299) error = `answered ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const now = this.clock.now();
    const ok = error === null;
    const next = ok ? null : nextAttemptAt(d.attempts + 1, d.createdAt, now);
    const status = ok ? 'succeeded' : next === null ? 'failed' : 'pending';
    const recorded = await inTransaction(this.storage, async (repos) => {
      const mine = await repos.webhooks.recordAttempt(
        this.worker,
        d.id,
        { attemptedAt: startedAt, statusCode, error, durationMs: now - startedAt },
        { status, nextAttemptAt: next ?? now },
      );
      if (!mine) return false;
      const after = await repos.webhooks.noteOutcome(hook.id, ok, now);
      if (
        !ok &&
        after?.isActive &&
        after.failingSince !== null &&
        now - after.failingSince >= GIVE_UP_MS
      )
        await repos.webhooks.update(
          hook.id,
          {
            isActive: false,
            disabledReason: `every delivery failed for 3 days (last: ${error ?? 'unknown'})`,
          },
          now,
        );
      return true;
    });
    if (!recorded) return;
    this.metrics.attempt(ok ? 'succeeded' : next === null ? 'failed' : 'retried');
    if (ok) this.metrics.lag((now - d.createdAt) / 1000);
    else
      this.log.info(
        { webhook: hook.id, delivery: d.id, error, next_attempt_at: next },
        'webhook delivery failed',
      );
  }
}
