/** A half-open span of time `[startMs, endMs)`. */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * Sorted, merged (overlapping and touching joined) copies of the intervals; the input is not changed.
 *
 * @example mergeIntervals([{ startMs: 5, endMs: 9 }, { startMs: 0, endMs: 5 }]) // [{ startMs: 0, endMs: 9 }]
 */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = [...list].filter((i) => i.endMs > i.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: Array<{ startMs: number; endMs: number }> = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.startMs <= last.endMs) last.endMs = Math.max(last.endMs, i.endMs);
    else out.push({ startMs: i.startMs, endMs: i.endMs });
  }
  return out;
}

/** `from` less `minus` (both merged first), clipped to nothing more. */
export function subtractIntervals(
  from: readonly Interval[],
  minus: readonly Interval[],
): Interval[] {
  const cuts = mergeIntervals(minus);
  const out: Interval[] = [];
  for (const f of mergeIntervals(from)) {
    let start = f.startMs;
    for (const c of cuts) {
      if (c.endMs <= start || c.startMs >= f.endMs) continue;
      if (c.startMs > start) out.push({ startMs: start, endMs: c.startMs });
      start = Math.max(start, c.endMs);
      if (start >= f.endMs) break;
    }
    if (start < f.endMs) out.push({ startMs: start, endMs: f.endMs });
  }
  return out;
}

/** The intervals cut to `[fromMs, toMs)`, empty ones dropped. */
export function clipIntervals(list: readonly Interval[], fromMs: number, toMs: number): Interval[] {
  return list
    .map((i) => ({ startMs: Math.max(i.startMs, fromMs), endMs: Math.min(i.endMs, toMs) }))
    .filter((i) => i.endMs > i.startMs);
}
