/**
 * `tsx bench/profile-inprocess.ts [create|revisit|first|far] [sqlite|postgres]`: repeats one
 * in-process operation of the benchmark for ~5 s under V8's CPU profiler (the one `--cpu-prof`
 * uses, started only around the loop so the setup stays out), writes the `.cpuprofile` under
 * .tmp/bench/prof-in and prints where the time went.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { silentLogger } from '../src/services/logger.ts';
import { createBenchDatabase, type Dialect } from './support/bench-database.ts';
import { benchEnv, benchPlan } from './support/bench-plan.ts';
import { bulkSeed } from './support/bulk-seed.ts';
import { mondayOf, weekStart } from './support/calendar-weeks.ts';
import { printProfile } from './support/cpu-profile.ts';

async function main(): Promise<void> {
  const kind = process.argv[2] ?? 'revisit';
  const dialect = (process.argv[3] ?? 'sqlite') as Dialect;
  const db = await createBenchDatabase(dialect);
  try {
    const nowMs = Date.now();
    const env = benchEnv(db, benchPlan(true), nowMs, mondayOf(nowMs));
    const ids = await bulkSeed(db.storage, env.seedBase, 0, 5000, nowMs);
    const ctx = env.context();
    const week = weekStart(env.thisMonday, 0);
    for (const id of ids.slice(0, 100))
      await ctx.calendar.view(id, { startDate: week }, silentLogger);
    const day = env.thisMonday.toString();
    const ops: Record<string, (i: number) => Promise<unknown>> = {
      create: async (i) =>
        ctx.schedules.create(ids[i % ids.length] as number, {
          title: 'Profiled',
          start_datetime: `${day}T20:00`,
          end_datetime: `${day}T20:30`,
          recurrence_rule: 'FREQ=WEEKLY;COUNT=10',
        }),
      revisit: (i) => ctx.calendar.view(ids[i % 100] as number, { startDate: week }, silentLogger),
      first: (i) =>
        ctx.calendar.view(
          ids[i % ids.length] as number,
          { startDate: weekStart(env.thisMonday, 1 + Math.floor(i / ids.length)) },
          silentLogger,
        ),
      far: (i) =>
        ctx.calendar.view(
          ids[i % ids.length] as number,
          { startDate: weekStart(env.seedBase, 1100 + (i % 52)) },
          silentLogger,
        ),
    };
    const op = ops[kind];
    if (!op) throw new Error(`unknown operation ${kind}`);
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const started = performance.now();
    let n = 0;
    while (performance.now() - started < 5000 && n < ids.length) await op(n++);
    const { profile } = await session.post('Profiler.stop');
    const dir = resolve('.tmp/bench/prof-in');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(resolve(dir, `${kind}-${dialect}.cpuprofile`), JSON.stringify(profile));
    console.log(
      `${kind} on ${dialect}: ${n} ops, ${((performance.now() - started) / n).toFixed(3)} ms each`,
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
