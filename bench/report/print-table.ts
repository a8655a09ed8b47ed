import type { Timing } from '../support/measure.ts';
import type { BenchResults, DialectResult } from './results.ts';

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
    .join('  ');
}

function timingRows(d: DialectResult): Array<[string, Timing]> {
  const rows: Array<[string, Timing]> = [
    ['create weekly schedule, lazy (1 row)', d.create.lazy],
    [`create weekly schedule, eager (${d.create.eager.rows_written} rows)`, d.create.eager],
    ['week of 10 schedules: first view', d.week_view.first_view],
    ['week of 10 schedules: revisit', d.week_view.revisit],
    ['week of 10: pure expansion (no storage)', d.week_view.pure_expansion],
    ['week of 10: pure expansion, 20 y later', d.week_view.pure_expansion_far],
    ['week of 10: SELECT templates + expand', d.week_view.expand_on_read],
    ['week of 10: bare indexed SELECT (floor)', d.week_view.floor_select],
    ['side by side: revisit', d.week_view.side_by_side.revisit],
    ['side by side: floor SELECT', d.week_view.side_by_side.floor_select],
    ['  revisit step: specialist lookup', d.week_view.revisit_parts.specialist_get],
    ['  revisit step: resolve window (Temporal)', d.week_view.revisit_parts.resolve_window],
    ['  revisit step: template SELECT (coverage)', d.week_view.revisit_parts.find_templates],
  ];
  const h = d.http_latency;
  rows.push(['http, 1 client: /health', h.health]);
  rows.push(['http, 1 client: week revisit', h.revisit]);
  rows.push(['http, 1 client: revisit, If-None-Match (304)', h.not_modified]);
  rows.push(['http, 1 client: first view of a fresh week', h.first_view]);
  rows.push(
    ['slots, 4 weeks, 200 bookings: first', d.bookings.slots_first],
    ['slots, 4 weeks, 200 bookings: again', d.bookings.slots_revisit],
    ['view of the same 4 weeks: revisit', d.bookings.view_revisit],
    ['free/busy, 50 specialists × 4 weeks', d.bookings.free_busy_50],
    ['50 views of the same, one by one', d.bookings.views_50],
  );
  for (const l of d.scale.levels) {
    const n = l.specialists.toLocaleString('en-US');
    rows.push([`${n} specialists: revisit`, l.revisit]);
    rows.push([`${n} specialists: first view`, l.first_view]);
    rows.push([`${n} specialists: 20 years after DTSTART`, l.far_future]);
  }
  return rows;
}

/** The stdout table: timings, setup, rows, throughput and memory, then the ratios and their aims. */
export function printTable(results: BenchResults): void {
  const lines: string[] = [];
  for (const d of results.dialects) {
    lines.push('', `== ${d.dialect} (${d.database_version}) ==`);
    const w = [44, 10, 10, 6];
    lines.push(pad(['scenario', 'median ms', 'p95 ms', 'n'], w));
    for (const [name, t] of timingRows(d))
      lines.push(pad([name, t.median_ms.toFixed(3), t.p95_ms.toFixed(3), String(t.n)], w));
    lines.push('');
    for (const l of d.scale.levels)
      lines.push(
        `setup up to ${l.specialists.toLocaleString('en-US')} specialists (${l.templates_in_db.toLocaleString('en-US')} templates in db): bulk INSERT of the new ones ${(l.setup_ms / 1000).toFixed(1)} s`,
      );
    for (const mode of ['lazy', 'eager'] as const) {
      const r = d.rows[mode];
      lines.push(
        `rows ${mode}: ${r.schedules} schedules, ${r.weeks_viewed} weeks viewed → ${r.template_rows} templates + ${r.instance_rows} instances = ${r.rows_per_schedule} rows per schedule`,
      );
    }
    lines.push('');
    const hw = [30, 10, 10, 10, 16];
    lines.push(pad(['http (50 connections)', 'req/s', 'p50 ms', 'p99 ms', 'RSS peak MiB'], hw));
    for (const t of d.http)
      for (const [name, run] of [
        ['cached week view', t.cached_view],
        ['first view of fresh week', t.first_view],
        ['/health (floor)', t.health],
      ] as const)
        lines.push(
          pad(
            [
              `${t.processes} proc: ${name}`,
              String(run.requests_per_second),
              String(run.latency_p50_ms),
              String(run.latency_p99_ms),
              run.rss_peak_mb.join(' + '),
            ],
            hw,
          ),
        );
    const t = d.http_latency.throughput;
    lines.push(
      `http, ${t.connections} connections, alternating ${t.seconds_per_run} s runs: cached week view ${t.cached_view_runs.join(' / ')} req/s, /health ${t.health_runs.join(' / ')} req/s`,
    );
    const tp = d.bookings.throughput;
    for (const [name, t] of [
      ['one slot (contention)', tp.contention],
      ['200 slots (spread)', tp.spread],
    ] as const)
      lines.push(
        `booking over HTTP, ${tp.processes} proc, ${name}: ${t.attempts} attempts → ${t.successes} booked, ${t.rejections} refused (409), ${t.attempts_per_second} attempts/s`,
      );
    lines.push('');
    for (const [name, r] of Object.entries(d.ratios))
      lines.push(
        `${name.padEnd(40)} ${String(r.value).padStart(8)}   aim ${r.aim.padEnd(7)} ${r.met === null ? '' : r.met ? 'met' : 'MISSED'}`,
      );
  }
  console.log(lines.join('\n'));
}
