/** Latency summary of one timed operation, in milliseconds. */
export interface Timing {
  readonly n: number;
  readonly median_ms: number;
  readonly p95_ms: number;
  readonly mean_ms: number;
  readonly min_ms: number;
}

/** Value at quantile `q` (0..1) of an ascending list, nearest-rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('quantile of an empty list');
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** Summarizes raw durations (ms). */
export function summarize(durations: readonly number[]): Timing {
  const sorted = [...durations].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median_ms: round(quantile(sorted, 0.5)),
    p95_ms: round(quantile(sorted, 0.95)),
    mean_ms: round(sorted.reduce((s, x) => s + x, 0) / sorted.length),
    min_ms: round(sorted[0] as number),
  };
}

/**
 * Runs `op(i)` `warmup` times untimed, then `reps` times timed one after another; `i` counts
 * from 0 across warm-up and timed runs, so an operation that needs fresh input each time
 * (a never-viewed week) can derive it.
 *
 * @example await timeIt({ warmup: 5, reps: 50 }, (i) => ctx.calendar.view(id, { startDate: weeks[i] }, silentLogger))
 */
export async function timeIt(
  plan: { warmup: number; reps: number },
  op: (i: number) => unknown,
): Promise<Timing> {
  let i = 0;
  for (let w = 0; w < plan.warmup; w++) await op(i++);
  const durations: number[] = [];
  for (let r = 0; r < plan.reps; r++) {
    const started = performance.now();
    await op(i++);
    durations.push(performance.now() - started);
  }
  return summarize(durations);
}

/** Throws unless `actual` equals `expected`: every scenario checks its result before timing it. */
export function expectCount(what: string, actual: number, expected: number): void {
  if (actual !== expected)
    throw new Error(`bench assertion failed: ${what}: expected ${expected}, got ${actual}`);
}

/**
 * Times several operations side by side: each repetition runs every operation once, in an order
 * rotated per repetition, so drift in the machine's load (other processes on shared cores) falls
 * on all of them alike. `i` counts repetitions (warm-up included).
 *
 * @example await timeInterleaved(plan, { revisit: () => view(), floor: () => select() })
 */
export async function timeInterleaved<K extends string>(
  plan: { warmup: number; reps: number },
  ops: Record<K, (i: number) => unknown>,
): Promise<Record<K, Timing>> {
  const names = Object.keys(ops) as K[];
  const durations = new Map<K, number[]>(names.map((n) => [n, []]));
  for (let i = 0; i < plan.warmup + plan.reps; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length] as K;
      const started = performance.now();
      await ops[name](i);
      if (i >= plan.warmup) durations.get(name)?.push(performance.now() - started);
    }
  }
  return Object.fromEntries(names.map((n) => [n, summarize(durations.get(n) ?? [])])) as Record<
    K,
    Timing
  >;
}
