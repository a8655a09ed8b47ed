import type { Occurrence, Recurrence } from '../recurrence/recurrence.ts';
import { dateOfWall, wallOf } from '../time/date-time.ts';
import { DAY_MS } from '../time/durations.ts';
import { epochToWallMs } from '../time/zone-offsets.ts';

/** How far around the changes the two recurrences are compared. */
const SAMPLE_MARGIN_MS = 400 * DAY_MS;
/** Largest shift considered ("Mondays become Tuesdays", not "January becomes next year"). */
const MAX_SHIFT_MS = 366 * DAY_MS;
/** Occurrences compared at most per recurrence; enough for years of a daily rule. */
const MAX_SAMPLE = 5_000;
/** Candidate shifts tried at most. */
const MAX_CANDIDATES = 64;

interface Sample {
  readonly walls: ReadonlySet<number>;
  readonly dates: ReadonlySet<string>;
  /** Wall-clock bounds of the recurrence itself (first and last nominal start; last may be ∞). */
  readonly firstWall: number;
  readonly lastWall: number;
  readonly list: readonly Occurrence[];
}

function sample(r: Recurrence, fromMs: number, toMs: number, notBeforeMs: number): Sample | null {
  let list: Occurrence[];
  try {
    list = r.startingIn(Math.max(fromMs, notBeforeMs), toMs, MAX_SAMPLE);
  } catch {
    return null; // too dense to compare over this span: no constant shift is claimed
  }
  const life = r.lifetime();
  const firstWall = epochToWallMs(Math.max(life.startMs, notBeforeMs), r.timeZone);
  const lastWall =
    life.endMs === null
      ? Number.POSITIVE_INFINITY
      : epochToWallMs(life.endMs - r.durationMs, r.timeZone);
  return {
    walls: new Set(list.map((o) => o.wallMs)),
    dates: new Set(list.map((o) => dateOfWall(o.wallMs))),
    firstWall,
    lastWall,
    list,
  };
}

/**
 * The constant wall-clock amount by which every occurrence of `before` became one of `after`
 * ("Mondays become Tuesdays": start and BYDAY moved together), or null when there is none. Only a
 * shift that moves every occurrence to another date counts: if the two share occurrence dates,
 * the changes on those dates stay where they are (the contract's first rule) and no shift applies.
 * Where several shifts fit, the one that moved the first occurrence wins.
 * Compared on nominal wall times around `near` (the instants of the changes to re-attach), so DST
 * does not disturb it; `notBeforeMs` restricts `before` (the part after a split).
 *
 * @example constantShift(mondays, tuesdays, [feb15]) // 86_400_000
 */
export function constantShift(
  before: Recurrence,
  after: Recurrence,
  near: readonly number[],
  notBeforeMs = Number.NEGATIVE_INFINITY,
): number | null {
  if (near.length === 0) return null;
  const from = Math.min(...near) - SAMPLE_MARGIN_MS;
  const to = Math.max(...near) + SAMPLE_MARGIN_MS;
  const b = sample(before, from, to, notBeforeMs);
  const a = sample(after, from - MAX_SHIFT_MS, to + MAX_SHIFT_MS, Number.NEGATIVE_INFINITY);
  if (!b || !a || b.list.length === 0 || a.list.length === 0) return null;
  for (const d of b.dates) if (a.dates.has(d)) return null;
  const bFrom = epochToWallMs(Math.max(from, notBeforeMs), before.timeZone);
  const bTo = epochToWallMs(to, before.timeZone);
  // "Start and BYDAY moved together": the amount the first occurrence moved is tried first (two
  // shifts can both fit a short series; this is the one the person made), then the smallest.
  const beforeFirst = before.firstAtOrAfter(Math.max(before.firstStartMs, notBeforeMs));
  const anchor = beforeFirst ? wallOf(after.definition.dtstart) - beforeFirst.wallMs : null;
  const reference = b.list[0] as Occurrence;
  const nearest = a.list
    .map((o) => o.wallMs - reference.wallMs)
    .sort((x, y) => Math.abs(x) - Math.abs(y) || y - x);
  const candidates = [...new Set(anchor === null ? nearest : [anchor, ...nearest])]
    .filter((d) => d !== 0 && Math.abs(d) <= MAX_SHIFT_MS)
    .slice(0, MAX_CANDIDATES);
  for (const shift of candidates) {
    if (holds(shift, b, a, bFrom, bTo)) return shift;
  }
  return null;
}

/** Every sampled occurrence maps onto one of the other side, wherever the other side exists. */
function holds(shift: number, b: Sample, a: Sample, bFrom: number, bTo: number): boolean {
  let matched = 0;
  for (const o of b.list) {
    const target = o.wallMs + shift;
    if (target < a.firstWall || target > a.lastWall) continue;
    if (!a.walls.has(target)) return false;
    matched++;
  }
  for (const o of a.list) {
    const source = o.wallMs - shift;
    if (source < bFrom || source >= bTo) continue; // outside the sampled span of `before` (half-open)
    if (source < b.firstWall || source > b.lastWall) continue;
    if (!b.walls.has(source)) return false;
  }
  return matched > 0;
}
