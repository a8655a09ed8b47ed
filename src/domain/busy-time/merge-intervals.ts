/** A half-open span of time `[startMs, endMs)` in epoch milliseconds. */
export interface BusyInterval {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The union of `intervals` clipped to `[fromMs, toMs)`: sorted, overlapping and touching ones
 * merged (busy 10–11 and 11–12 is busy 10–12), empty ones dropped. The input is not modified.
 *
 * @example
 * mergeIntervals([{ startMs: 5, endMs: 8 }, { startMs: 0, endMs: 3 }, { startMs: 3, endMs: 4 }], 1, 7)
 * // [{ startMs: 1, endMs: 4 }, { startMs: 5, endMs: 7 }]
 */
export function mergeIntervals(
  intervals: readonly BusyInterval[],
  fromMs: number,
  toMs: number,
): BusyInterval[] {
  const clipped = intervals
    .map((i) => ({ startMs: Math.max(i.startMs, fromMs), endMs: Math.min(i.endMs, toMs) }))
    .filter((i) => i.startMs < i.endMs)
    .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const merged: Array<{ startMs: number; endMs: number }> = [];
  for (const interval of clipped) {
    const last = merged.at(-1);
    if (last && interval.startMs <= last.endMs) last.endMs = Math.max(last.endMs, interval.endMs);
    else merged.push({ ...interval });
  }
  return merged;
}
