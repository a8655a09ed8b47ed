import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestCounter } from '../services/request-counter.ts';
import { HttpError } from './http-error.ts';

const WINDOW_MS = 60_000;

/**
 * Public routes (`config.rateLimit: PUBLIC_LIMIT`) allow `perMinute` requests per client address
 * and minute together, counted by `counter` (in the database when several processes share it);
 * beyond, 429 `rate_limited` with Retry-After. `perMinute` 0 turns it off.
 */
export function registerRateLimit(
  app: FastifyInstance,
  perMinute: number,
  counter: RequestCounter,
): void {
  // @fastify/rate-limit's store contract: incr(key, cb) and child(); one store for every route,
  // so a client's public requests count together.
  class CounterStore {
    incr(key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void) {
      counter.hit(key, WINDOW_MS).then(
        (r) => cb(null, { current: r.hits, ttl: Math.max(0, r.resetInMs) }),
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
      );
    }
    child() {
      return this;
    }
  }
  void app.register(rateLimit, {
    global: false,
    max: perMinute > 0 ? perMinute : Number.MAX_SAFE_INTEGER,
    timeWindow: WINDOW_MS,
    store: CounterStore,
    keyGenerator: (req: FastifyRequest) => req.ip,
    skipOnError: true,
    allowList: () => perMinute === 0,
    errorResponseBuilder: (_req, ctx) =>
      new HttpError(429, 'rate_limited', `too many requests; retry in ${ctx.after}`, {
        limit_per_minute: ctx.max,
      }),
  });
}

/** Route config that puts a route under the public rate limit. */
export const PUBLIC_LIMIT = { rateLimit: {} } as const;
