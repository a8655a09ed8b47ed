/** Half-open `[fromMs, toMs)` windows already materialized for one template, sorted, disjoint. */
export type Ranges = ReadonlyArray<readonly [number, number]>;

/** Most ranges remembered per template; forgetting one only costs a re-expansion, never correctness. */
export const MAX_RANGES = 32;

/** Whether `[fromMs, toMs)` lies inside one remembered range. */
export function covers(ranges: Ranges, fromMs: number, toMs: number): boolean {
  return ranges.some(([a, b]) => a <= fromMs && toMs <= b);
}

/**
 * Adds `[fromMs, toMs)` and merges touching ranges; returns a new array (the input is not changed).
 * Beyond `MAX_RANGES` the ranges farthest from the new one are forgotten.
 */
export function addRange(ranges: Ranges, fromMs: number, toMs: number): Array<[number, number]> {
  const all = [
    ...ranges.map(([a, b]) => [a, b] as [number, number]),
    [fromMs, toMs] as [number, number],
  ];
  all.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const r of all) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push(r);
  }
  if (merged.length <= MAX_RANGES) return merged;
  const distance = (r: [number, number]) => Math.abs(r[0] - fromMs);
  return merged
    .sort((x, y) => distance(x) - distance(y))
    .slice(0, MAX_RANGES)
    .sort((x, y) => x[0] - y[0]);
}

/** The union of two sets of ranges (merged; the same bound on their number as `addRange`). */
export function unionRanges(a: Ranges, b: Ranges): Array<[number, number]> {
  let out = a.map(([x, y]) => [x, y] as [number, number]);
  for (const [x, y] of b) out = addRange(out, x, y);
  return out;
}

/**
 * Removes `[fromMs, toMs)` from the ranges (an edit or cleanup made that span unknown again).
 */
export function removeRange(ranges: Ranges, fromMs: number, toMs: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [a, b] of ranges) {
    if (b <= fromMs || a >= toMs) out.push([a, b]);
    else {
      if (a < fromMs) out.push([a, fromMs]);
      if (b > toMs) out.push([toMs, b]);
    }
  }
  return out;
}

/** Parses the stored JSON, tolerating anything malformed as "nothing materialized". */
export function parseRanges(json: string): Ranges {
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (r): r is [number, number] =>
        Array.isArray(r) && r.length === 2 && typeof r[0] === 'number' && typeof r[1] === 'number',
    );
  } catch {
    return [];
  }
}
