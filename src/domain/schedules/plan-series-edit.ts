import type { Instance } from '../instances/instance.ts';
import { isOverride } from '../instances/instance.ts';
import type { Ranges } from '../instances/materialized-ranges.ts';
import { plainOccurrences } from '../occurrences/effective-occurrences.ts';
import { reattach } from '../occurrences/reattach.ts';
import type { Occurrence, Recurrence } from '../recurrence/recurrence.ts';
import { localOfWall, localToEpochMs, type LocalDateTime } from '../time/date-time.ts';

/** What a series edit starts from: the schedule as locked, its rows, and the new recurrence. */
export interface SeriesEditInput {
  /** The schedule's recurrence before the edit. */
  readonly before: Recurrence;
  readonly beforeExdates: readonly LocalDateTime[];
  /** The recurrence of the edited part (the whole schedule, or the new one after a split). */
  readonly after: Recurrence;
  /** Exdates the client sent with the edit (taken as they are), or null to re-attach the old ones. */
  readonly givenExdates: readonly LocalDateTime[] | null;
  /** Every instance row of the schedule. */
  readonly rows: readonly Instance[];
  /** Windows in which the edited part's plain occurrences must exist as rows afterwards. */
  readonly ranges: Ranges;
  /** `scope=following`: the instant of the split (the edited part is what starts from it). */
  readonly cutMs: number | null;
  readonly maxOccurrences: number;
}

/** A re-attached override: its row now stands for the occurrence originally at `originalStartMs`. */
export interface Rekey {
  readonly instanceId: number;
  readonly originalStartMs: number;
}

/**
 * What a series edit does to the stored rows, decided purely; the service applies it in one
 * transaction. Hand-made changes follow the contract's re-attachment rules; plain rows are
 * corrected so that every remembered window still holds exactly the new plain occurrences.
 */
export interface SeriesEditPlan {
  /** Exdates of the edited part, in its zone. */
  readonly exdates: LocalDateTime[];
  /** `following`: exdates that stay with the part before the cut. */
  readonly previousExdates: LocalDateTime[];
  /** Overrides kept, re-attached to the edited part (moving there after a split). */
  readonly rekeyed: Rekey[];
  /** Rows to delete: plain rows that are no longer (or elsewhere) occurrences, lost cancellations. */
  readonly deleted: number[];
  /** Edited occurrences whose occurrence is gone: each becomes a one-off event where it is. */
  readonly detached: Instance[];
  /** Plain rows whose instants changed while their identity did not (a new duration). */
  readonly retimed: Array<{
    readonly instanceId: number;
    readonly startMs: number;
    readonly endMs: number;
  }>;
  /** Plain occurrences of the edited part to insert (inside its remembered windows). */
  readonly inserted: Occurrence[];
}

/**
 * Plans a series edit (`scope=all`, or the part from `cutMs` on for `scope=following`).
 *
 * @example planSeriesEdit({ before, beforeExdates: [], after, givenExdates: null, rows, ranges, cutMs: null, maxOccurrences: 100_000 })
 */
export function planSeriesEdit(input: SeriesEditInput): SeriesEditPlan {
  const { before, after, rows, cutMs } = input;
  const notBefore = cutMs ?? Number.NEGATIVE_INFINITY;
  const moving = (startMs: number) => startMs >= notBefore;

  // Exdates are hand-made changes too: they follow the same rules as cancellations.
  const beforeZone = before.timeZone;
  const oldExdates = input.beforeExdates.map((local) => ({
    local,
    startMs: localToEpochMs(local, beforeZone),
  }));
  const previousExdates = oldExdates.filter((e) => !moving(e.startMs)).map((e) => e.local);
  let exdates: LocalDateTime[];
  if (input.givenExdates !== null) exdates = [...input.givenExdates];
  else {
    const moved = oldExdates.filter((e) => moving(e.startMs));
    const placed = reattach(
      before,
      after,
      moved.map((e) => e.startMs),
      notBefore,
    );
    exdates = [];
    for (const p of placed) {
      if (p.kind !== 'kept') continue;
      const target = after.at(p.originalStartMs);
      if (target) exdates.push(localOfWall(target.wallMs));
    }
  }
  exdates = [...new Set(exdates)].sort();

  const overrides = rows.filter((r) => isOverride(r) && moving(r.originalStartMs));
  const placed = reattach(
    before,
    after,
    overrides.map((o) => o.originalStartMs),
    notBefore,
  );
  const rekeyed: Rekey[] = [];
  const deleted: number[] = [];
  const detached: Instance[] = [];
  overrides.forEach((o, i) => {
    const p = placed[i];
    if (p?.kind === 'kept') rekeyed.push({ instanceId: o.id, originalStartMs: p.originalStartMs });
    else if (o.status === 'cancelled') deleted.push(o.id);
    else detached.push(o);
  });

  // Plain rows: what the edited part's rule (less its exdates and overrides) makes of them.
  const taken = new Set(rekeyed.map((r) => r.originalStartMs));
  const excluded = new Set(exdates.map((e) => localToEpochMs(e, after.timeZone)));
  const compiled = { scheduleId: 0, recurrence: after, excluded };
  const plain = rows.filter((r) => !isOverride(r) && moving(r.originalStartMs));
  const expected = new Map<number, Occurrence>();
  const addExpected = (fromMs: number, toMs: number) => {
    for (const o of plainOccurrences(compiled, fromMs, toMs, input.maxOccurrences))
      if (!taken.has(o.startMs)) expected.set(o.startMs, o);
  };
  const windows = input.ranges
    .map(([a, b]) => [Math.max(a, notBefore), b] as const)
    .filter(([a, b]) => a < b);
  for (const [a, b] of windows) addExpected(a, b);
  const inRanges = new Set(expected.keys());
  if (cutMs === null && plain.length > 0) {
    // Rows outside the remembered windows (forgotten ones) are corrected too.
    const starts = plain.map((r) => r.originalStartMs);
    addExpected(Math.min(...starts), Math.max(...starts) + 1);
  }
  const existing = new Set<number>();
  const retimed: SeriesEditPlan['retimed'] = [];
  for (const r of plain) {
    const o = cutMs === null ? expected.get(r.originalStartMs) : undefined;
    if (!o) {
      deleted.push(r.id);
      continue;
    }
    existing.add(r.originalStartMs);
    if (o.startMs !== r.startMs || o.endMs !== r.endMs)
      retimed.push({ instanceId: r.id, startMs: o.startMs, endMs: o.endMs });
  }
  const inserted = [...inRanges]
    .filter((startMs) => !existing.has(startMs))
    .map((startMs) => expected.get(startMs) as Occurrence);

  return { exdates, previousExdates, rekeyed, deleted, detached, retimed, inserted };
}
