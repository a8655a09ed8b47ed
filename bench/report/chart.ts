/**
 * Draws bench/results/chart.svg from the results JSON: median latencies of the in-process
 * scenarios (log scale) and HTTP throughput, one colour per database.
 * `tsx bench/report/chart.ts [results.json] [chart.svg]` redraws it from a saved run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResults, DialectResult } from './results.ts';

const COLORS: Record<string, string> = { sqlite: '#2b7bb9', postgres: '#d9822b' };
const WIDTH = 920;
const LABEL_W = 300;
const BAR_H = 11;
const ROW_H = 2 * BAR_H + 8;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function latencyRows(d: DialectResult): Array<[string, number]> {
  const large = d.scale.levels[d.scale.levels.length - 1];
  const rows: Array<[string, number]> = [
    ['create, eager (2-year horizon)', d.create.eager.median_ms],
    ['create, lazy (1 row)', d.create.lazy.median_ms],
    ['week view: first view', d.week_view.first_view.median_ms],
    ['week view: revisit', d.week_view.revisit.median_ms],
    ['week view: SELECT templates + expand', d.week_view.expand_on_read.median_ms],
    ['week view: bare indexed SELECT (floor)', d.week_view.floor_select.median_ms],
    ['week view: pure expansion, no storage', d.week_view.pure_expansion.median_ms],
  ];
  rows.push(
    ['slots, 4 weeks, 200 bookings: first', d.bookings.slots_first.median_ms],
    ['slots, 4 weeks, 200 bookings: again', d.bookings.slots_revisit.median_ms],
    ['view of the same 4 weeks: revisit', d.bookings.view_revisit.median_ms],
    ['free/busy, 50 specialists × 4 weeks', d.bookings.free_busy_50.median_ms],
    ['50 views of the same, one by one', d.bookings.views_50.median_ms],
  );
  if (large) {
    const n = large.specialists.toLocaleString('en-US');
    rows.push([`${n} specialists: revisit`, large.revisit.median_ms]);
    rows.push([`${n} specialists: first view`, large.first_view.median_ms]);
    rows.push([`${n} specialists: 20 y after DTSTART`, large.far_future.median_ms]);
  }
  return rows;
}

function httpLatencyRows(d: DialectResult): Array<[string, number]> {
  const h = d.http_latency;
  return [
    ['GET /health (floor)', h.health.median_ms],
    ['week revisit, If-None-Match (304)', h.not_modified.median_ms],
    ['week revisit (200)', h.revisit.median_ms],
    ['first view of a fresh week', h.first_view.median_ms],
  ];
}

function throughputRows(d: DialectResult): Array<[string, number]> {
  const tp = d.bookings.throughput;
  const t = d.http_latency.throughput;
  return [
    [`1 proc, ${t.connections} conn: cached week view`, t.cached_view_median],
    [`1 proc, ${t.connections} conn: /health (floor)`, t.health_median],
    ...d.http.flatMap<[string, number]>((t) => [
      [`${t.processes} proc: cached week view`, t.cached_view.requests_per_second],
      [`${t.processes} proc: first view, fresh week`, t.first_view.requests_per_second],
      [`${t.processes} proc: /health (floor)`, t.health.requests_per_second],
    ]),
    [`bookings, ${tp.processes} proc: one slot, 200 at once`, tp.contention.attempts_per_second],
    [`bookings, ${tp.processes} proc: 200 slots at once`, tp.spread.attempts_per_second],
  ];
}

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above `x`, so a linear axis has round ticks. */
function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  return ([1, 2, 2.5, 5, 10].find((m) => m * p >= x) ?? 10) * p;
}

/** One panel of grouped horizontal bars, a bar per dialect per row; returns SVG and its height. */
function panel(
  title: string,
  unit: string,
  y0: number,
  series: Array<{ dialect: string; rows: Array<[string, number]> }>,
  log: boolean,
): { svg: string; height: number } {
  const labels = [...new Set(series.flatMap((s) => s.rows.map(([l]) => l)))];
  const values = series.flatMap((s) => s.rows.map(([, v]) => v)).filter((v) => v > 0);
  const max = Math.max(...values);
  const min = Math.min(...values);
  const plotW = WIDTH - LABEL_W - 90;
  const lo = log ? Math.floor(Math.log10(min)) : 0;
  const hi = log ? Math.ceil(Math.log10(max)) : niceCeil(max);
  const scale = (v: number) =>
    log ? ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * plotW : (v / hi) * plotW;
  const parts: string[] = [
    `<text x="10" y="${y0 + 16}" font-size="14" font-weight="bold">${esc(title)}</text>`,
  ];
  const top = y0 + 30;
  const ticks = log
    ? Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i))
    : [0, hi / 4, hi / 2, (3 * hi) / 4, hi];
  for (const t of ticks) {
    const x = LABEL_W + scale(t);
    parts.push(
      `<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${top + labels.length * ROW_H}" stroke="#ddd"/>`,
      `<text x="${x}" y="${top + labels.length * ROW_H + 14}" font-size="10" text-anchor="middle">${t >= 1 ? Math.round(t).toLocaleString('en-US') : t}</text>`,
    );
  }
  labels.forEach((label, r) => {
    const y = top + r * ROW_H;
    parts.push(
      `<text x="${LABEL_W - 8}" y="${y + BAR_H + 4}" font-size="12" text-anchor="end">${esc(label)}</text>`,
    );
    series.forEach((s, k) => {
      const v = s.rows.find(([l]) => l === label)?.[1];
      if (v === undefined) return;
      const by = y + k * BAR_H;
      const w = Math.max(1, scale(v));
      parts.push(
        `<rect x="${LABEL_W}" y="${by}" width="${w.toFixed(1)}" height="${BAR_H - 1}" fill="${COLORS[s.dialect] ?? '#888'}"/>`,
        `<text x="${LABEL_W + w + 4}" y="${by + BAR_H - 2}" font-size="10">${v < 10 ? v.toFixed(2) : Math.round(v).toLocaleString('en-US')} ${unit}</text>`,
      );
    });
  });
  return { svg: parts.join('\n'), height: 30 + labels.length * ROW_H + 30 };
}

/** The chart as an SVG document, drawn from the results alone. */
export function renderChart(results: BenchResults): string {
  const lat = panel(
    'Median latency, in process (ms, log scale): lazy vs eager vs expansion vs floor',
    'ms',
    40,
    results.dialects.map((d) => ({ dialect: d.dialect, rows: latencyRows(d) })),
    true,
  );
  const http = panel(
    'Median HTTP latency, one client on one kept-alive connection, interleaved (ms)',
    'ms',
    40 + lat.height + 10,
    results.dialects.map((d) => ({ dialect: d.dialect, rows: httpLatencyRows(d) })),
    false,
  );
  const thr = panel(
    `HTTP throughput on loopback (requests/s; ${String(results.plan.connections)} connections unless named)`,
    'req/s',
    40 + lat.height + 10 + http.height + 10,
    results.dialects.map((d) => ({ dialect: d.dialect, rows: throughputRows(d) })),
    false,
  );
  const height = 40 + lat.height + 10 + http.height + 10 + thr.height + 10;
  const legend = results.dialects
    .map(
      (d, i) =>
        `<rect x="${WIDTH - 220 + i * 100}" y="10" width="12" height="12" fill="${COLORS[d.dialect] ?? '#888'}"/><text x="${WIDTH - 204 + i * 100}" y="21" font-size="12">${d.dialect}</text>`,
    )
    .join('');
  const caption = `Recurra bench (${results.mode}), ${results.generated_at.slice(0, 10)}, ${results.machine.cpus} CPUs, Node ${results.machine.node}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="22" font-size="13" fill="#555">${esc(caption)}</text>`,
    legend,
    lat.svg,
    http.svg,
    thr.svg,
    '</svg>',
    '',
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const input = process.argv[2] ?? 'bench/results/latest.json';
  const output = process.argv[3] ?? 'bench/results/chart.svg';
  const results = JSON.parse(readFileSync(input, 'utf8')) as BenchResults;
  writeFileSync(output, renderChart(results));
  console.log(`wrote ${output}`);
}
