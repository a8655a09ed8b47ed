import { sql, type Kysely } from 'kysely';
import type { Database } from './tables.ts';

/** Fixed-window request counters in the database, so every server process counts together. */
export class RateLimitRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Counts one request of `key` in one atomic statement: a new window starts when the stored one
   * is over. Returns the count so far and when the window started.
   *
   * @example await limits.hit('203.0.113.7', 60_000, Date.now()) // { hits: 1, windowStartMs: … }
   */
  async hit(
    key: string,
    windowMs: number,
    nowMs: number,
  ): Promise<{ hits: number; windowStartMs: number }> {
    const expired = sql<boolean>`rate_limits.window_start + ${windowMs} <= ${nowMs}`;
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key, window_start: nowMs, hits: 1 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          hits: sql<number>`case when ${expired} then 1 else rate_limits.hits + 1 end`,
          window_start: sql<number>`case when ${expired} then ${nowMs} else rate_limits.window_start end`,
        }),
      )
      .returning(['hits', 'window_start'])
      .executeTakeFirstOrThrow();
    return { hits: Number(row.hits), windowStartMs: Number(row.window_start) };
  }

  /** Forgets counters whose window ended before `beforeMs`. */
  async purge(beforeMs: number): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('window_start', '<', beforeMs).execute();
  }
}
