import { LRUCache } from 'lru-cache';
import type { Clock } from '../domain/clock.ts';
import type { RateLimitRepository } from '../storage/rate-limit.repository.ts';

/** Counts a client's requests in fixed windows: the rate limit's memory. */
export interface RequestCounter {
  /** Counts one request of `key`; returns the count in the current window and its remaining time. */
  hit(key: string, windowMs: number): Promise<{ hits: number; resetInMs: number }>;
}

/** One process's own counters (SQLite, one server): bounded, least recently seen forgotten. */
export class MemoryRequestCounter implements RequestCounter {
  private readonly windows = new LRUCache<string, { start: number; hits: number }>({ max: 10_000 });

  constructor(private readonly clock: Clock) {}

  hit(key: string, windowMs: number): Promise<{ hits: number; resetInMs: number }> {
    const now = this.clock.now();
    let w = this.windows.get(key);
    if (!w || w.start + windowMs <= now) w = { start: now, hits: 0 };
    w.hits++;
    this.windows.set(key, w);
    return Promise.resolve({ hits: w.hits, resetInMs: w.start + windowMs - now });
  }
}

/**
 * Counters in the database (PostgreSQL shared by several server processes): the limit holds for
 * the deployment, not per process. One atomic upsert per counted request.
 */
export class DatabaseRequestCounter implements RequestCounter {
  private counted = 0;

  constructor(
    private readonly repo: RateLimitRepository,
    private readonly clock: Clock,
  ) {}

  async hit(key: string, windowMs: number): Promise<{ hits: number; resetInMs: number }> {
    const now = this.clock.now();
    const { hits, windowStartMs } = await this.repo.hit(key, windowMs, now);
    // Old windows are forgotten now and then, off the answer's critical path.
    if (++this.counted % 1000 === 0) void this.repo.purge(now - windowMs).catch(() => undefined);
    return { hits, resetInMs: windowStartMs + windowMs - now };
  }
}
