import type { Clock } from '../domain/clock.ts';
import { formatInstant } from '../domain/time/date-time.ts';
import { subscribes, type Change, type ChangeEvent } from '../domain/changes/change.ts';
import type { Repositories } from '../storage/repositories.ts';

/** Presents the object a change is about as the API returns it (null: it is gone). */
export interface ObjectPresenter {
  present(repos: Repositories, change: Change): Promise<Record<string, unknown> | null>;
}

/** A webhook body is kept under this size (the contract's 20 KB). */
const MAX_BODY = 20_000;

/**
 * Writes the change log and the webhook outbox, inside the caller's write transaction (so the log,
 * the outbox and the data commit or roll back together): the changes are numbered in commit
 * order, and every active webhook that subscribes to one is owed its delivery.
 */
export class ChangeRecorder {
  constructor(
    private readonly clock: Clock,
    private readonly presenter: ObjectPresenter,
  ) {}

  /**
   * Call last in the transaction (the counter's lock is then held only for the commit).
   *
   * @example await changes.record(repos, [changeOf('booking.created', sp, booking.id)])
   */
  async record(repos: Repositories, events: readonly ChangeEvent[]): Promise<Change[]> {
    if (events.length === 0) return [];
    const now = this.clock.now();
    const changes = await repos.changes.append(events, now);
    const hooksBySpecialist = new Map<
      number,
      Awaited<ReturnType<Repositories['webhooks']['activeFor']>>
    >();
    const deliveries: Array<{
      webhookId: number;
      messageId: string;
      seq: number;
      type: string;
      payload: string;
    }> = [];
    for (const change of changes) {
      let hooks = hooksBySpecialist.get(change.specialistId);
      if (!hooks)
        hooksBySpecialist.set(
          change.specialistId,
          (hooks = await repos.webhooks.activeFor(change.specialistId)),
        );
      const takers = hooks.filter((w) => subscribes(w.events, change.type));
      if (takers.length === 0) continue;
      const payload = body(change, await this.presenter.present(repos, change));
      for (const w of takers)
        deliveries.push({
          webhookId: w.id,
          messageId: `msg_${change.seq}_${w.id}`,
          seq: change.seq,
          type: change.type,
          payload,
        });
    }
    await repos.webhooks.enqueue(deliveries, now);
    return changes;
  }
}

/** The webhook body: `{type, timestamp, data: {seq, specialist_id, object, …the object}}`. */
function body(change: Change, object: Record<string, unknown> | null): string {
  const head = {
    seq: change.seq,
    specialist_id: change.specialistId,
    object: { kind: change.object.kind, id: change.object.id },
  };
  const full = JSON.stringify({
    type: change.type,
    timestamp: formatInstant(change.at, 'UTC'),
    data: { ...object, ...head },
  });
  if (full.length <= MAX_BODY) return full;
  return JSON.stringify({
    type: change.type,
    timestamp: formatInstant(change.at, 'UTC'),
    data: head,
  });
}
