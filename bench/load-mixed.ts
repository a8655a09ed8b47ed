/**
 * `npm run load [-- --seconds 60]`: mixed traffic against two server processes sharing one
 * PostgreSQL — 80% week views, 15% creates, 5% series edits — then checks zero 5xx and zero
 * duplicate instances, and reports throughput and latency percentiles (p50/p99).
 */
import { duplicateOccurrences } from '../test/support/fixtures.ts';
import { createRequire } from 'node:module';
import { createTestDatabase } from '../test/support/databases.ts';
import { freePort, request, spawnServer, stopServer } from '../test/support/test-server.ts';

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; max: number };
  statusCodeStats: Record<string, { count: number }>;
  errors: number;
  timeouts: number;
}
interface RawRequest {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf('--seconds') + 1] || 60) || 60;
const SPECIALISTS = 200;
const PER_SPECIALIST = 5;

function pick<T>(list: readonly T[]): T {
  return list[Math.floor(Math.random() * list.length)] as T;
}

async function main(): Promise<void> {
  const db = await createTestDatabase('postgres');
  const servers = [
    await spawnServer(db.url, await freePort()),
    await spawnServer(db.url, await freePort()),
  ];
  try {
    const base = servers[0]?.baseUrl ?? '';
    const specialists: number[] = [];
    const schedules: Array<[number, number]> = [];
    for (let s = 0; s < SPECIALISTS; s++) {
      const created = await request(base, 'POST', '/specialist', {
        name: `Load ${s}`,
        timezone: 'Europe/Berlin',
      });
      const sp = (created.body as { id: number }).id;
      specialists.push(sp);
      for (let k = 0; k < PER_SPECIALIST; k++) {
        const day = String(7 + k).padStart(2, '0');
        const res = await request(base, 'POST', `/specialist/${sp}/schedules`, {
          title: `Block ${k}`,
          start_datetime: `2026-12-${day}T09:00`,
          end_datetime: `2026-12-${day}T12:00`,
          recurrence_rule: 'FREQ=WEEKLY',
        });
        schedules.push([sp, (res.body as { id: number }).id]);
      }
    }
    const weeks = Array.from({ length: 52 }, (_, i) =>
      new Date(Date.UTC(2026, 11, 7 + 7 * i)).toISOString().slice(0, 10),
    );
    let created = 0;
    const setupRequest = (req: RawRequest): RawRequest => {
      const r = Math.random();
      if (r < 0.8)
        return {
          ...req,
          method: 'GET',
          path: `/specialist/${pick(specialists)}/calendar-instances?start_date=${pick(weeks)}`,
          body: undefined,
        };
      if (r < 0.95) {
        const hour = String(13 + Math.floor(Math.random() * 8)).padStart(2, '0');
        const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
        return {
          ...req,
          method: 'POST',
          path: `/specialist/${pick(specialists)}/schedules`,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            title: `New ${created++}`,
            start_datetime: `2027-01-${day}T${hour}:00`,
            end_datetime: `2027-01-${day}T${hour}:30`,
            recurrence_rule: 'FREQ=WEEKLY;COUNT=20',
          }),
        };
      }
      const [sp, sid] = pick(schedules);
      return {
        ...req,
        method: 'PATCH',
        path: `/specialist/${sp}/schedules/${sid}?scope=all`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Edited ${Math.random().toString(36).slice(2, 8)}` }),
      };
    };
    const rssPeak = new Map<number, number>();
    const sampler = setInterval(() => {
      for (const s of servers) {
        const pid = s.child.pid;
        if (!pid) continue;
        void import('node:fs').then(({ readFileSync }) => {
          const kb = Number(
            /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0,
          );
          rssPeak.set(pid, Math.max(rssPeak.get(pid) ?? 0, kb));
        });
      }
    }, 500);
    console.log(
      `load: ${seconds} s, 2 processes on PostgreSQL, ${SPECIALISTS} specialists × ${PER_SPECIALIST} schedules, 2 × 25 connections`,
    );
    const results = await Promise.all(
      servers.map((s) =>
        autocannon({
          url: s.baseUrl,
          connections: 25,
          duration: seconds,
          requests: [{ setupRequest }],
        }),
      ),
    );
    clearInterval(sampler);
    const codes: Record<string, number> = {};
    for (const r of results)
      for (const [code, { count }] of Object.entries(r.statusCodeStats))
        codes[code] = (codes[code] ?? 0) + count;
    const total = results.reduce((n, r) => n + r.requests.total, 0);
    const fiveXx = Object.entries(codes)
      .filter(([c]) => c.startsWith('5'))
      .reduce((n, [, v]) => n + v, 0);
    const dup = await duplicateOccurrences(db.storage);
    const summary = {
      seconds,
      requests: total,
      requests_per_second: Math.round(total / seconds),
      status_codes: codes,
      errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
      p50_ms: Math.max(...results.map((r) => r.latency.p50)),
      p99_ms: Math.max(...results.map((r) => r.latency.p99)),
      max_ms: Math.max(...results.map((r) => r.latency.max)),
      duplicates: dup,
      rss_peak_mb: [...rssPeak.values()].map((kb) => Math.round(kb / 1024)),
    };
    console.log(JSON.stringify(summary, null, 2));
    if (fiveXx > 0 || dup > 0 || summary.errors > 0) {
      console.error(
        `FAILED: ${fiveXx} 5xx, ${dup} duplicate occurrences, ${summary.errors} connection errors`,
      );
      process.exitCode = 1;
    }
  } finally {
    for (const s of servers) await stopServer(s.child);
    await db.drop();
  }
}

await main();
