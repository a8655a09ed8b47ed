import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './error-handler.ts';

/**
 * Token buckets per client address: `perMinute` requests a minute on average, bursts up to the
 * same number. Memory is bounded: beyond `maxClients` the least recently seen are forgotten.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxClients = 10_000,
  ) {}

  /** Takes one token for `key`; returns the seconds to wait when there is none. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.now();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, bucket); // most recent last
    if (this.buckets.size > this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / ratePerMs / 1000) };
  }
}

/** A Fastify `onRequest` hook answering 429 `rate_limited` when the client's bucket is empty. */
export function rateLimitHook(limiter: RateLimiter) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const verdict = limiter.take(req.ip);
    if (verdict.ok) return;
    await reply
      .status(429)
      .header('Retry-After', String(verdict.retryAfterSeconds))
      .send(
        errorBody('rate_limited', `too many requests; retry in ${verdict.retryAfterSeconds} s`),
      );
  };
}
