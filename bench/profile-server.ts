/**
 * `tsx bench/profile-server.ts [cached|first|health] [sqlite|postgres] [--connections=10]
 * [--seconds=10] [--out=file.txt]`: runs one HTTP load of the benchmark against a server started
 * with `--cpu-prof` (after a 2 s warm-up load), then prints where the server spent its CPU during
 * the load only: self time by function, and inclusive time of the frames under Recurra's own code.
 * The profile is kept under .tmp/bench/prof for Chrome DevTools.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { silentLogger } from '../src/services/logger.ts';
import { freePort, spawnServer, stopServer } from '../test/support/test-server.ts';
import { createBenchDatabase, type Dialect } from './support/bench-database.ts';
import { benchEnv, benchPlan } from './support/bench-plan.ts';
import { bulkSeed } from './support/bulk-seed.ts';
import { mondayOf, weekStart } from './support/calendar-weeks.ts';
import { runLoad } from './support/load-runner.ts';
import { profileReport } from './support/cpu-profile.ts';

async function main(): Promise<void> {
  const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const option = (name: string) =>
    process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const kind = positional[0] ?? 'cached';
  const dialect = (positional[1] ?? 'sqlite') as Dialect;
  const connections = Number(option('connections') ?? 10);
  const seconds = Number(option('seconds') ?? 10);
  const out = option('out');
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
    const target = [{ baseUrl: server.baseUrl, pid: server.child.pid as number }];
    await runLoad(target, { seconds: 2, connections, path });
    const from = Number(process.hrtime.bigint() / 1000n);
    const run = await runLoad(target, { seconds, connections, path });
    const to = Number(process.hrtime.bigint() / 1000n);
    await stopServer(server.child);
    const text = [
      `${kind} on ${dialect}, ${connections} connections, ${seconds} s: ${run.requests_per_second} req/s, p50 ${run.latency_p50_ms} ms`,
      '',
      profileReport(dir, [from, to]),
    ].join('\n');
    console.log(text);
    if (out) writeFileSync(out, text + '\n');
  } finally {
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
