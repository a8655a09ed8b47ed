import { freePort, spawnServer, stopServer } from '../../test/support/test-server.ts';
import type { BenchEnv } from '../support/bench-plan.ts';
import { SCHEDULES_PER_SPECIALIST } from '../support/bulk-seed.ts';
import { weekStart } from '../support/calendar-weeks.ts';
import { keepAliveClient } from '../support/keep-alive-client.ts';
import { runLoad } from '../support/load-runner.ts';
import { expectCount, summarize, timeInterleaved, type Timing } from '../support/measure.ts';

const CACHED_SPECIALISTS = 100;
/** First views here take weeks 101+ from now (inside the 2-year horizon), unused elsewhere. */
const FIRST_VIEW_WEEK = 101;
const STRIDE = 7919;
/** Connections of the side-by-side throughput runs: the "10 connections, one process". */
const CONNECTIONS = 10;

export interface HttpLatencyResult {
  /** One client, one kept-alive connection, requests one after another, interleaved per repetition. */
  readonly health: Timing;
  readonly revisit: Timing;
  readonly not_modified: Timing;
  readonly first_view: Timing;
  /** Alternating autocannon runs at 10 connections: requests/s of each run, and their medians. */
  readonly throughput: {
    readonly connections: number;
    readonly seconds_per_run: number;
    readonly cached_view_runs: number[];
    readonly health_runs: number[];
    readonly cached_view_median: number;
    readonly health_median: number;
  };
}

function median(xs: readonly number[]): number {
  return summarize(xs).median_ms;
}

/**
 * The HTTP read path against `/health` on the same server process and client, side by side:
 * a week revisit, the same revisit with `If-None-Match` (a 304), and a first view of a
 * never-viewed week, timed interleaved from one kept-alive connection; then cached week views and
 * `/health` under autocannon at 10 connections, in alternating runs. Every answer is checked.
 */
export async function benchHttpLatency(
  env: BenchEnv,
  specialistIds: readonly number[],
): Promise<HttpLatencyResult> {
  const level = specialistIds.length;
  const thisWeek = weekStart(env.thisMonday, 0);
  const cached = Array.from(
    { length: CACHED_SPECIALISTS },
    (_, s) => specialistIds[Math.floor((s * (level - 1)) / (CACHED_SPECIALISTS - 1))] as number,
  );
  const cachedPath = (n: number) =>
    `/specialist/${cached[n % cached.length] as number}/calendar-instances?start_date=${thisWeek}`;
  const firstPath = (n: number) =>
    `/specialist/${specialistIds[(n * STRIDE) % level] as number}/calendar-instances?start_date=${weekStart(env.thisMonday, FIRST_VIEW_WEEK + Math.floor(n / level))}`;

  const server = await spawnServer(env.db.url, await freePort());
  const client = keepAliveClient(server.baseUrl);
  try {
    const etags = new Map<number, string>();
    for (let n = 0; n < cached.length; n++) {
      const r = await client.get(cachedPath(n));
      expectCount('http latency: revisit status', r.status, 200);
      expectCount(
        'http latency: revisit instances',
        (JSON.parse(r.body) as { instances: unknown[] }).instances.length,
        SCHEDULES_PER_SPECIALIST,
      );
      etags.set(n, String(r.headers.etag));
    }
    const check = (what: string, status: number, expected: number) =>
      expectCount(`http latency: ${what}`, status, expected);
    const timings = await timeInterleaved(env.plan, {
      health: async () => check('health', (await client.get('/health')).status, 200),
      revisit: async (i) => {
        const r = await client.get(cachedPath(i));
        check('revisit', r.status, 200);
        check('revisit creates', Number(r.headers['x-instances-created']), 0);
      },
      not_modified: async (i) => {
        const tag = etags.get(i % cached.length) ?? '';
        check('304', (await client.get(cachedPath(i), { 'if-none-match': tag })).status, 304);
      },
      first_view: async (i) => {
        const r = await client.get(firstPath(i));
        check('first view', r.status, 200);
        check(
          'first view creates',
          Number(r.headers['x-instances-created']),
          SCHEDULES_PER_SPECIALIST,
        );
      },
    });

    const rounds = env.plan.quick ? 1 : 3;
    const seconds = env.plan.quick ? 2 : Math.max(2, Math.round(env.plan.httpSeconds / 3));
    const target = [{ baseUrl: server.baseUrl, pid: server.child.pid as number }];
    const cachedRuns: number[] = [];
    const healthRuns: number[] = [];
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first, so neither always runs on the warmer process.
      const order = r % 2 === 0 ? (['cached', 'health'] as const) : (['health', 'cached'] as const);
      for (const which of order) {
        const run = await runLoad(target, {
          seconds,
          connections: CONNECTIONS,
          path: which === 'cached' ? cachedPath : () => '/health',
        });
        expectCount(`http latency ${which}: non-2xx`, run.non_2xx, 0);
        expectCount(`http latency ${which}: errors`, run.errors, 0);
        (which === 'cached' ? cachedRuns : healthRuns).push(run.requests_per_second);
      }
    }
    return {
      ...timings,
      throughput: {
        connections: CONNECTIONS,
        seconds_per_run: seconds,
        cached_view_runs: cachedRuns,
        health_runs: healthRuns,
        cached_view_median: median(cachedRuns),
        health_median: median(healthRuns),
      },
    };
  } finally {
    client.close();
    await stopServer(server.child);
  }
}
