import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The part of autocannon's result the benchmark reads. */
interface AutocannonResult {
  duration: number;
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface RawRequest {
  method?: string;
  path?: string;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships CommonJS without types.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** One throughput run against one or more server processes, summed. */
export interface LoadResult {
  /** Responses received. */
  readonly requests: number;
  /** Requests sent, including any still in flight when the run ended. */
  readonly issued: number;
  readonly requests_per_second: number;
  readonly latency_p50_ms: number;
  readonly latency_p99_ms: number;
  readonly non_2xx: number;
  readonly errors: number;
  /** Peak resident memory of each server process during the run (VmRSS). */
  readonly rss_peak_mb: number[];
}

/** VmRSS of a process in MiB, read from /proc. */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

/**
 * Runs autocannon for `seconds` with `connections` split evenly across `servers` (one autocannon
 * instance each, in parallel), requesting `path(n)` where `n` counts requests across all of them,
 * and samples each server's RSS every 200 ms meanwhile.
 */
export async function runLoad(
  servers: ReadonlyArray<{ baseUrl: string; pid: number }>,
  options: { seconds: number; connections: number; path: (n: number) => string },
): Promise<LoadResult> {
  let issued = 0;
  const peaks = servers.map((s) => rssMb(s.pid));
  const sampler = setInterval(() => {
    servers.forEach((s, i) => (peaks[i] = Math.max(peaks[i] as number, rssMb(s.pid))));
  }, 200);
  try {
    const results = await Promise.all(
      servers.map((s) =>
        autocannon({
          url: s.baseUrl,
          connections: Math.ceil(options.connections / servers.length),
          duration: options.seconds,
          requests: [
            {
              method: 'GET',
              setupRequest: (req: RawRequest): RawRequest => ({
                ...req,
                path: options.path(issued++),
              }),
            },
          ],
        }),
      ),
    );
    const total = results.reduce((n, r) => n + r.requests.total, 0);
    return {
      requests: total,
      issued,
      requests_per_second: Math.round(
        results.reduce((n, r) => n + r.requests.total / r.duration, 0),
      ),
      latency_p50_ms: Math.max(...results.map((r) => r.latency.p50)),
      latency_p99_ms: Math.max(...results.map((r) => r.latency.p99)),
      non_2xx: results.reduce((n, r) => n + r.non2xx, 0),
      errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
      rss_peak_mb: peaks,
    };
  } finally {
    clearInterval(sampler);
  }
}
