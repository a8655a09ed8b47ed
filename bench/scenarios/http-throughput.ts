import { silentLogger } from '../../src/services/logger.ts';
import { freePort, request, spawnServer, stopServer } from '../../test/support/test-server.ts';
import type { BenchEnv } from '../support/bench-plan.ts';
import { countRows, SCHEDULES_PER_SPECIALIST } from '../support/bulk-seed.ts';
import { weekStart } from '../support/calendar-weeks.ts';
import { rssMb, runLoad, type LoadResult } from '../support/load-runner.ts';
import { expectCount } from '../support/measure.ts';

/** The JSON body of a calendar-instances answer, as far as the checks read it. */
interface ViewBody {
  instances: unknown[];
}

const CACHED_SPECIALISTS = 100;
const FRESH_WEEKS = 100;
const STRIDE = 7919;

export interface HttpTopology {
  readonly processes: number;
  /** RSS of each server after start, before any load. */
  readonly rss_idle_mb: number[];
  readonly cached_view: LoadResult;
  readonly first_view: LoadResult;
  readonly health: LoadResult;
}

export type HttpResult = HttpTopology[];

/**
 * Scenarios 4 and 6: autocannon on loopback against real server processes
 * (`node --import tsx src/main.ts`) over the same database: cached week views, first views of
 * never-viewed (specialist, week) pairs, and `/health` as the floor, with every server's RSS
 * sampled meanwhile. One process; on PostgreSQL also two processes sharing the database, the
 * connections split across both and the throughput summed.
 */
export async function benchHttp(
  env: BenchEnv,
  specialistIds: readonly number[],
): Promise<HttpResult> {
  const ctx = env.context();
  const { storage } = env.db;
  const level = specialistIds.length;
  const thisWeek = weekStart(env.thisMonday, 0);
  const cached = Array.from(
    { length: CACHED_SPECIALISTS },
    (_, s) => specialistIds[Math.floor((s * (level - 1)) / (CACHED_SPECIALISTS - 1))] as number,
  );
  for (const sp of cached) {
    const v = await ctx.calendar.view(sp, { startDate: thisWeek }, silentLogger);
    expectCount('http: cached week', v.instances.length, SCHEDULES_PER_SPECIALIST);
  }
  const cachedPath = (n: number) =>
    `/specialist/${cached[n % cached.length] as number}/calendar-instances?start_date=${thisWeek}`;
  let freshCounter = 0;
  const freshPath = () => {
    const n = freshCounter++;
    const offset = 1 + Math.floor(n / level);
    if (offset > FRESH_WEEKS) throw new Error('http: ran out of fresh (specialist, week) pairs');
    return `/specialist/${specialistIds[(n * STRIDE) % level] as number}/calendar-instances?start_date=${weekStart(env.thisMonday, offset)}`;
  };

  const topologies = env.db.dialect === 'postgres' ? [1, 2] : [1];
  const out: HttpTopology[] = [];
  for (const processes of topologies) {
    const servers = [];
    try {
      for (let p = 0; p < processes; p++)
        servers.push(await spawnServer(env.db.url, await freePort()));
      const targets = servers.map((s) => ({ baseUrl: s.baseUrl, pid: s.child.pid as number }));
      const base = targets[0]?.baseUrl as string;

      const probe = await request(base, 'GET', cachedPath(0));
      expectCount('http: cached view status', probe.status, 200);
      expectCount(
        'http: cached view instances',
        (probe.body as ViewBody).instances.length,
        SCHEDULES_PER_SPECIALIST,
      );
      expectCount('http: cached view creates', Number(probe.headers.get('x-instances-created')), 0);
      const health = await request(base, 'GET', '/health');
      expectCount('http: health status', health.status, 200);
      const fresh = await request(base, 'GET', freshPath());
      expectCount(
        'http: first view instances',
        (fresh.body as ViewBody).instances.length,
        SCHEDULES_PER_SPECIALIST,
      );
      expectCount(
        'http: first view creates',
        Number(fresh.headers.get('x-instances-created')),
        SCHEDULES_PER_SPECIALIST,
      );
      const rssIdle = targets.map((t) => rssMb(t.pid));

      const load = { seconds: env.plan.httpSeconds, connections: env.plan.connections };
      const before = await countRows(storage);
      const cachedRun = await runLoad(targets, { ...load, path: cachedPath });
      const afterCached = await countRows(storage);
      expectCount('http: cached views create', afterCached.instances - before.instances, 0);
      const firstRun = await runLoad(targets, { ...load, path: () => freshPath() });
      await new Promise((r) => setTimeout(r, 500)); // requests still in flight at the end
      const created = (await countRows(storage)).instances - afterCached.instances;
      // Each first view creates exactly 5 rows; requests cut off at the end may or may not have run.
      if (
        created % SCHEDULES_PER_SPECIALIST !== 0 ||
        created < firstRun.requests * SCHEDULES_PER_SPECIALIST ||
        created > firstRun.issued * SCHEDULES_PER_SPECIALIST
      )
        throw new Error(
          `bench assertion failed: http first views created ${created} rows for ${firstRun.requests}..${firstRun.issued} requests`,
        );
      const healthRun = await runLoad(targets, { ...load, path: () => '/health' });
      for (const [name, run] of [
        ['cached', cachedRun],
        ['first', firstRun],
        ['health', healthRun],
      ] as const) {
        expectCount(`http ${name}: non-2xx`, run.non_2xx, 0);
        expectCount(`http ${name}: errors`, run.errors, 0);
      }
      out.push({
        processes,
        rss_idle_mb: rssIdle,
        cached_view: cachedRun,
        first_view: firstRun,
        health: healthRun,
      });
    } finally {
      for (const s of servers) await stopServer(s.child);
    }
  }
  return out;
}
