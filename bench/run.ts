/**
 * `npm run bench [-- --quick] [-- --dialect=sqlite|postgres]`: Recurra's lazy materialization
 * against eager generation and pure on-the-fly expansion, on SQLite and PostgreSQL, through the
 * real services (`createContext`) and real server processes. Every scenario asserts its result
 * count before timing (a wrong count exits non-zero); a missed aim is reported, not failed.
 * Writes bench/results/latest.json + chart.svg (full) or quick.json + quick-chart.svg.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/storage/tables.ts';
import { renderChart } from './report/chart.ts';
import { printTable } from './report/print-table.ts';
import { ratiosOf } from './report/ratios.ts';
import type { BenchResults, DialectResult } from './report/results.ts';
import { benchBookings } from './scenarios/bookings.ts';
import { benchCreateSchedule } from './scenarios/create-schedule.ts';
import { benchHttpLatency } from './scenarios/http-latency.ts';
import { benchHttp } from './scenarios/http-throughput.ts';
import { benchRowCount } from './scenarios/row-count.ts';
import { benchScale } from './scenarios/scale-views.ts';
import { benchWeekView } from './scenarios/week-view.ts';
import { createBenchDatabase, type Dialect } from './support/bench-database.ts';
import { benchEnv, benchPlan } from './support/bench-plan.ts';
import { mondayOf } from './support/calendar-weeks.ts';

const PACKAGES = [
  'kysely',
  'better-sqlite3',
  'pg',
  'fastify',
  'rrule-temporal',
  'temporal-polyfill',
  'autocannon',
  'tsx',
];
const RESULTS_DIR = 'bench/results';

function versionOf(pkg: string): string {
  const file = resolve('node_modules', pkg, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

function step(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function databaseVersion(dialect: Dialect, db: Kysely<Database>): Promise<string> {
  const q =
    dialect === 'sqlite'
      ? sql<{ v: string }>`select sqlite_version() as v`
      : sql<{ v: string }>`select current_setting('server_version') as v`;
  const r = await q.execute(db);
  return `${dialect} ${r.rows[0]?.v ?? '?'}`;
}

async function runDialect(dialect: Dialect, quick: boolean, nowMs: number): Promise<DialectResult> {
  const db = await createBenchDatabase(dialect);
  try {
    const env = benchEnv(db, benchPlan(quick), nowMs, mondayOf(nowMs));
    step(`${dialect}: 1. create one weekly schedule, lazy vs eager`);
    const create = await benchCreateSchedule(env);
    step(`${dialect}: 2. week view of 10 schedules`);
    const weekView = await benchWeekView(env);
    step(`${dialect}: 5. rows after creates and views`);
    const rows = await benchRowCount(env);
    step(`${dialect}: 3. scale ${env.plan.scaleLevels.join(', ')} specialists`);
    const scale = await benchScale(env);
    step(`${dialect}: 4+6. HTTP throughput and RSS (${env.plan.httpSeconds} s runs)`);
    const http = await benchHttp(env, scale.specialistIds);
    step(`${dialect}: 7. HTTP revisit, 304 and first view against /health, side by side`);
    const httpLatency = await benchHttpLatency(env, scale.specialistIds);
    step(`${dialect}: 8. slots, free/busy and booking throughput`);
    const bookings = await benchBookings(env);
    const measured = {
      dialect,
      database_version: await databaseVersion(dialect, db.storage.db),
      create,
      week_view: weekView,
      rows,
      scale: { levels: scale.levels },
      http,
      http_latency: httpLatency,
      bookings,
    };
    return { ...measured, ratios: ratiosOf({ ...measured, ratios: {} }) };
  } finally {
    await db.drop();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args.find((a) => a.startsWith('--dialect='))?.slice('--dialect='.length);
  const dialects = (['sqlite', 'postgres'] as const).filter((d) => !only || d === only);
  const started = performance.now();
  const nowMs = Date.now();
  const results: DialectResult[] = [];
  for (const d of dialects) results.push(await runDialect(d, quick, nowMs));
  const cpuList = cpus();
  const out: BenchResults = {
    generated_at: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    wall_seconds: Math.round((performance.now() - started) / 100) / 10,
    machine: {
      cpus: cpuList.length,
      cpu_model: cpuList[0]?.model ?? 'unknown',
      memory_gb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      platform: `${process.platform} ${process.arch}`,
      node: process.version,
    },
    versions: Object.fromEntries(PACKAGES.map((p) => [p, versionOf(p)])),
    plan: { ...benchPlan(quick) },
    dialects: results,
  };
  printTable(out);
  const dir = resolve(RESULTS_DIR);
  mkdirSync(dir, { recursive: true });
  const name = quick ? 'quick' : 'latest';
  writeFileSync(resolve(dir, `${name}.json`), JSON.stringify(out, null, 2) + '\n');
  writeFileSync(resolve(dir, quick ? 'quick-chart.svg' : 'chart.svg'), renderChart(out));
  console.log(`\nwall time ${out.wall_seconds} s; wrote ${RESULTS_DIR}/${name}.json`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
