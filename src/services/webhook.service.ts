import { randomBytes } from 'node:crypto';
import type { Clock } from '../domain/clock.ts';
import { CHANGE_TYPES } from '../domain/changes/change.ts';
import { DomainError, invalid, notFound } from '../domain/errors.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Webhook, WebhookAttempt, WebhookDelivery } from '../storage/webhook.repository.ts';
import type { Caller } from './access.service.ts';
import type { TargetGuard } from './outbound/target-guard.ts';
import { SecretBox } from './secret-box.ts';

export interface WebhookInput {
  readonly url?: string;
  readonly events?: readonly string[];
  readonly specialist_id?: number | null;
  readonly is_active?: boolean;
}

const KNOWN = new Set<string>(CHANGE_TYPES);

/**
 * Webhook subscriptions. The admin may subscribe to anyone's changes (or everybody's); a
 * specialist, with their own token, only to their own. The signing secret (`whsec_…`) is shown
 * once, at creation, and kept sealed (see `SecretBox`).
 */
export class WebhookService {
  private box: Promise<SecretBox> | undefined;

  constructor(
    private readonly repos: Repositories,
    private readonly guard: TargetGuard,
    private readonly clock: Clock,
    private readonly secretKey: string | undefined,
  ) {}

  /** The secret box, opened once (it may create the database's key). */
  secrets(): Promise<SecretBox> {
    this.box ??= SecretBox.open(this.repos, this.secretKey);
    return this.box;
  }

  async create(caller: Caller, input: WebhookInput): Promise<{ webhook: Webhook; secret: string }> {
    const specialistId = this.scopeFor(caller, input.specialist_id ?? null);
    if (specialistId !== null && !(await this.repos.specialists.findById(specialistId)))
      throw invalid(`specialist_id ${specialistId} does not exist`, { field: 'specialist_id' });
    const url = await this.guard.check(input.url ?? '', 'url');
    const events = checkEvents(input.events);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const webhook = await this.repos.webhooks.insert({
      url: url.toString(),
      events,
      specialistId,
      secretSealed: (await this.secrets()).seal(secret),
      nowMs: this.clock.now(),
    });
    return { webhook, secret };
  }

  async list(caller: Caller): Promise<Webhook[]> {
    this.assertKnown(caller);
    return this.repos.webhooks.list(caller.kind === 'specialist' ? caller.specialistId : undefined);
  }

  async get(caller: Caller, id: number): Promise<Webhook> {
    this.assertKnown(caller);
    const found = await this.repos.webhooks.findById(id);
    if (!found || (caller.kind === 'specialist' && found.specialistId !== caller.specialistId))
      throw notFound('webhook', id);
    return found;
  }

  async update(caller: Caller, id: number, input: WebhookInput): Promise<Webhook> {
    const current = await this.get(caller, id);
    if (Object.keys(input).length === 0)
      throw invalid('the edit changes nothing: send at least one field');
    if (input.specialist_id !== undefined && input.specialist_id !== current.specialistId)
      throw invalid('specialist_id cannot change; create another webhook', {
        field: 'specialist_id',
      });
    const url =
      input.url === undefined ? undefined : (await this.guard.check(input.url, 'url')).toString();
    return this.repos.webhooks.update(
      id,
      {
        ...(url !== undefined && { url }),
        ...(input.events !== undefined && { events: checkEvents(input.events) }),
        ...(input.is_active !== undefined && { isActive: input.is_active }),
      },
      this.clock.now(),
    );
  }

  async remove(caller: Caller, id: number): Promise<void> {
    await this.get(caller, id);
    await this.repos.webhooks.delete(id);
  }

  async deliveries(
    caller: Caller,
    id: number,
    status: 'pending' | 'succeeded' | 'failed' | undefined,
  ): Promise<Array<{ delivery: WebhookDelivery; attempts: WebhookAttempt[] }>> {
    await this.get(caller, id);
    const list = await this.repos.webhooks.listDeliveries(id, status, 100);
    const attempts = await this.repos.webhooks.attemptsOf(list.map((d) => d.id));
    return list.map((delivery) => ({ delivery, attempts: attempts.get(delivery.id) ?? [] }));
  }

  /** A manual retry: the delivery is due now again (a failed one included). */
  async retry(
    caller: Caller,
    id: number,
    deliveryId: number,
  ): Promise<{ delivery: WebhookDelivery; attempts: WebhookAttempt[] }> {
    await this.get(caller, id);
    if (!(await this.repos.webhooks.findDelivery(id, deliveryId)))
      throw notFound('delivery', deliveryId);
    await this.repos.webhooks.retryNow(deliveryId, this.clock.now());
    const delivery = (await this.repos.webhooks.findDelivery(id, deliveryId)) as WebhookDelivery;
    const attempts = await this.repos.webhooks.attemptsOf([deliveryId]);
    return { delivery, attempts: attempts.get(deliveryId) ?? [] };
  }

  /** The attempts of these deliveries, oldest first (the CLI). */
  attemptsOf(deliveryIds: readonly number[]): Promise<Map<number, WebhookAttempt[]>> {
    return this.repos.webhooks.attemptsOf(deliveryIds);
  }

  /** Every delivery of every webhook, newest first (the CLI). */
  async allDeliveries(failedOnly: boolean, limit: number): Promise<WebhookDelivery[]> {
    return this.repos.webhooks.listDeliveries(null, failedOnly ? 'failed' : undefined, limit);
  }

  private assertKnown(caller: Caller): asserts caller is Exclude<Caller, { kind: 'anyone' }> {
    if (caller.kind === 'anyone')
      throw new DomainError('unauthorized', 'this request needs Authorization: Bearer <token>');
  }

  /** Whose changes a new webhook may take: the admin chooses; a specialist only their own. */
  private scopeFor(caller: Caller, requested: number | null): number | null {
    this.assertKnown(caller);
    if (caller.kind === 'admin') return requested;
    if (requested !== null && requested !== caller.specialistId)
      throw new DomainError(
        'forbidden',
        "a specialist's token may only subscribe to its own changes",
        {
          specialist_id: caller.specialistId,
        },
      );
    return caller.specialistId;
  }
}

function checkEvents(events: readonly string[] | undefined): string[] {
  if (!events || events.length === 0)
    throw invalid('events must name at least one change type, or ["*"]', { field: 'events' });
  const unknown = events.filter((e) => e !== '*' && !KNOWN.has(e));
  if (unknown.length)
    throw invalid(`events has unknown change types: ${unknown.join(', ')}`, {
      field: 'events',
      value: unknown,
      known: [...KNOWN],
    });
  return events.includes('*') ? ['*'] : [...new Set(events)].sort();
}
