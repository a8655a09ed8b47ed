/**
 * `tsx bench/profile-server.ts [cached|first|health] [sqlite|postgres]`: runs one HTTP load of
 * the benchmark against a server started with `--cpu-prof`, then prints where the server spent
 * its CPU: self time by function, and inclusive time of the frames under Recurra's own code.
 * The profile is kept under .tmp/bench/prof for Chrome DevTools.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { silentLogger } from '../src/services/logger.ts';
import { freePort, spawnServer, stopServer } from '../test/support/test-server.ts';
import { createBenchDatabase, type Dialect } from './support/bench-database.ts';
import { benchEnv, benchPlan } from './support/bench-plan.ts';
import { bulkSeed } from './support/bulk-seed.ts';
import { mondayOf, weekStart } from './support/calendar-weeks.ts';
import { runLoad } from './support/load-runner.ts';
import { printProfile } from './support/cpu-profile.ts';

async function main(): Promise<void> {
  const kind = process.argv[2] ?? 'cached';
  const dialect = (process.argv[3] ?? 'sqlite') as Dialect;
  const db = await createBenchDatabase(dialect);
  const dir = resolve('.tmp/bench/prof');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const nowMs = Date.now();
    const env = benchEnv(db, benchPlan(true), nowMs, mondayOf(nowMs));
    const ids = await bulkSeed(db.storage, env.seedBase, 0, 1000, nowMs);
    const ctx = env.context();
    const week = weekStart(env.thisMonday, 0);
    for (const id of ids.slice(0, 100))
      await ctx.calendar.view(id, { startDate: week }, silentLogger);
    const server = await spawnServer(db.url, await freePort(), {}, [
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
    ]);
    let n = 0;
    const path =
      kind === 'health'
        ? () => '/health'
        : kind === 'first'
          ? () => {
              const i = n++;
              return `/specialist/${ids[i % 1000] as number}/calendar-instances?start_date=${weekStart(env.thisMonday, 1 + Math.floor(i / 1000))}`;
            }
          : () => `/specialist/${ids[n++ % 100] as number}/calendar-instances?start_date=${week}`;
    const run = await runLoad([{ baseUrl: server.baseUrl, pid: server.child.pid as number }], {
      seconds: 5,
      connections: 50,
      path,
    });
    await stopServer(server.child);
    console.log(
      `${kind} on ${dialect}: ${run.requests_per_second} req/s, p50 ${run.latency_p50_ms} ms`,
    );
    printProfile(dir);
  } finally {
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
