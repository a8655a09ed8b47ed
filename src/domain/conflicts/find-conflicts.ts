/** An occupied interval: an occurrence of some schedule. */
export interface Busy {
  readonly scheduleId: number;
  readonly startMs: number;
  readonly endMs: number;
}

/** A proposed interval (the item being created or edited). */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The existing intervals that overlap any candidate, earliest first, at most `max`. Half-open:
 * back-to-back blocks (one ends 12:00, the next starts 12:00) do not conflict. Inputs are not
 * mutated; O((n + m) log(n + m)).
 *
 * @example findConflicts([{ startMs: 0, endMs: 10 }], [{ scheduleId: 1, startMs: 5, endMs: 15 }]) // [{ scheduleId: 1, … }]
 */
export function findConflicts(
  candidates: readonly Interval[],
  existing: readonly Busy[],
  max = 20,
): Busy[] {
  const cands = [...candidates].sort((x, y) => x.startMs - y.startMs);
  const busy = [...existing].sort((x, y) => x.startMs - y.startMs || x.scheduleId - y.scheduleId);
  // Longest candidate end seen so far lets one pass decide "does any candidate cover this start?".
  const out: Busy[] = [];
  let i = 0;
  let reach = -Infinity;
  const active: Interval[] = [];
  for (const b of busy) {
    while (i < cands.length && (cands[i] as Interval).startMs < b.endMs) {
      const c = cands[i] as Interval;
      active.push(c);
      reach = Math.max(reach, c.endMs);
      i++;
    }
    if (reach > b.startMs && active.some((c) => c.startMs < b.endMs && b.startMs < c.endMs)) {
      out.push(b);
      if (out.length >= max) break;
    }
    // Candidates ending before this busy start can never meet a later one (busy sorted by start).
    while (active.length > 0 && (active[0] as Interval).endMs <= b.startMs) active.shift();
  }
  return out;
}
