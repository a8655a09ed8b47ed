import type { Change } from '../domain/changes/change.ts';
import type { Clock } from '../domain/clock.ts';
import { DomainError, invalid } from '../domain/errors.ts';
import { DAY_MS } from '../domain/time/durations.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { SpecialistService } from './specialist.service.ts';

/** One page of the change feed. */
export interface ChangePage {
  readonly changes: readonly Change[];
  /** Where the next read starts (the same cursor again when nothing new came). */
  readonly nextCursor: string;
  readonly hasMore: boolean;
}

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

/**
 * The change feed: every committed change in `seq` order, paged by an opaque cursor that names the
 * last `seq` read. A cursor from before the retention cut (changes removed since) answers
 * `cursor_expired`: the reader missed changes and must start over with a full read.
 */
export class ChangeFeedService {
  constructor(
    private readonly repos: Repositories,
    private readonly specialists: SpecialistService,
    private readonly clock: Clock,
    private readonly retentionDays: number,
  ) {}

  /** Everybody's changes (the admin), or one specialist's. */
  async read(
    cursor: string | undefined,
    limit: number = DEFAULT_PAGE,
    specialistId?: number,
  ): Promise<ChangePage> {
    if (specialistId !== undefined) await this.specialists.get(specialistId);
    const after = cursor === undefined ? null : decodeCursor(cursor);
    const prunedThrough = await this.repos.changes.prunedThrough();
    if (after !== null && after < prunedThrough)
      throw new DomainError(
        'cursor_expired',
        `this cursor is older than the ${this.retentionDays}-day retention: changes after it were removed; start over without a cursor`,
        { cursor },
      );
    const from = after ?? prunedThrough;
    const page = await this.repos.changes.after(from, limit, specialistId);
    const last = page.changes.at(-1)?.seq ?? from;
    return { changes: page.changes, nextCursor: encodeCursor(last), hasMore: page.hasMore };
  }

  /** Removes changes older than the retention (`recurra expire`, the daily timer). */
  prune(): Promise<number> {
    return this.repos.changes.prune(this.clock.now() - this.retentionDays * DAY_MS);
  }
}

/** `c1.<seq in base 36>`, base64url: opaque to clients, stable for us. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`c1.${seq.toString(36)}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const m = /^c1\.([0-9a-z]{1,11})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  const seq = m?.[1] === undefined ? NaN : parseInt(m[1], 36);
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor) || !Number.isSafeInteger(seq))
    throw invalid('cursor is not one this server returned', { field: 'cursor', value: cursor });
  return seq;
}
