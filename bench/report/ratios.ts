import type { DialectResult } from './results.ts';

/** One ratio of the run, its aim, and whether this run met it. */
export interface Ratio {
  readonly value: number;
  /** `>= x`, `<= x`, or `none` (reported for context). */
  readonly aim: string;
  readonly met: boolean | null;
  readonly of: string;
}

function ratio(
  a: number,
  b: number,
  aim: { op: '>=' | '<='; x: number } | null,
  of: string,
): Ratio {
  const value = Math.round((a / b) * 100) / 100;
  return {
    value,
    aim: aim ? `${aim.op} ${aim.x}` : 'none',
    met: aim ? (aim.op === '>=' ? value >= aim.x : value <= aim.x) : null,
    of,
  };
}

/** The ratios the issue asks for, all from one dialect's numbers of the same run (medians). */
export function ratiosOf(r: DialectResult): Record<string, Ratio> {
  const levels = r.scale.levels;
  const small = levels[0];
  const large = levels[levels.length - 1];
  if (!small || !large) throw new Error('scale scenario produced no level');
  const oneProcess = r.http.find((t) => t.processes === 1);
  const out: Record<string, Ratio> = {
    create_eager_over_lazy: ratio(
      r.create.eager.median_ms,
      r.create.lazy.median_ms,
      { op: '>=', x: 50 },
      'median create, eager (2-year horizon) / lazy',
    ),
    first_view_over_revisit: ratio(
      r.week_view.first_view.median_ms,
      r.week_view.revisit.median_ms,
      { op: '<=', x: 1.5 },
      'median week view of 10 schedules, never viewed / viewed before',
    ),
    revisit_over_floor_select: ratio(
      r.week_view.side_by_side.revisit.median_ms,
      r.week_view.side_by_side.floor_select.median_ms,
      { op: '<=', x: 1.5 },
      'median revisit / bare indexed SELECT of the same rows, in process, interleaved',
    ),
    revisit_over_pure_expansion: ratio(
      r.week_view.revisit.median_ms,
      r.week_view.pure_expansion.median_ms,
      null,
      'median revisit / in-memory expansion of the 10 templates',
    ),
    view_100k_over_100_specialists: ratio(
      large.revisit.median_ms,
      small.revisit.median_ms,
      { op: '<=', x: 1.5 },
      `median revisit with ${large.specialists} / ${small.specialists} specialists`,
    ),
    far_future_over_near: ratio(
      large.far_future.median_ms,
      large.first_view.median_ms,
      { op: '<=', x: 1.3 },
      `median view 20 years after DTSTART / first view of a near week (${large.specialists} specialists)`,
    ),
  };
  const h = r.http_latency;
  out.http_revisit_over_health = ratio(
    h.revisit.median_ms,
    h.health.median_ms,
    { op: '<=', x: 2 },
    'median HTTP week revisit / GET /health, one client, same server, interleaved',
  );
  out.http_first_view_over_revisit = ratio(
    h.first_view.median_ms,
    h.revisit.median_ms,
    { op: '<=', x: 2 },
    'median HTTP first view of a fresh week / week revisit, interleaved',
  );
  out.http_not_modified_over_health = ratio(
    h.not_modified.median_ms,
    h.health.median_ms,
    { op: '<=', x: 1.2 },
    'median HTTP revisit with If-None-Match (304) / GET /health, interleaved',
  );
  out.throughput_cached_view_over_health_10c = ratio(
    h.throughput.cached_view_median,
    h.throughput.health_median,
    { op: '>=', x: 0.5 },
    `requests/s, cached week views / GET /health, ${h.throughput.connections} connections, one process, alternating runs (medians)`,
  );
  const b = r.bookings;
  out.slots_revisit_over_view_revisit = ratio(
    b.slots_revisit.median_ms,
    b.view_revisit.median_ms,
    { op: '<=', x: 2 },
    'median slots of 4 weeks (10 schedules, 200 bookings), again / view revisit of the window',
  );
  out.slots_first_over_view_revisit = ratio(
    b.slots_first.median_ms,
    b.view_revisit.median_ms,
    { op: '<=', x: 5 },
    'median slots of 4 weeks, window never viewed / view revisit of the window',
  );
  out.free_busy_over_50_views = ratio(
    b.free_busy_50.median_ms,
    b.views_50.median_ms,
    { op: '<=', x: 1.5 },
    'median free/busy of 50 specialists × 4 weeks / their 50 views one after another',
  );
  if (oneProcess)
    out.throughput_cached_view_over_health = ratio(
      oneProcess.cached_view.requests_per_second,
      oneProcess.health.requests_per_second,
      { op: '>=', x: 0.5 },
      'requests/s, cached week views / GET /health, one process, 50 connections',
    );
  return out;
}
