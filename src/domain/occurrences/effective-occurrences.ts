import type { Instance, InstanceStatus } from '../instances/instance.ts';
import { isOverride } from '../instances/instance.ts';
import type { Occurrence, Recurrence } from '../recurrence/recurrence.ts';

/** A schedule's recurrence with its exclusions: everything the model needs besides overrides. */
export interface CompiledSchedule {
  readonly scheduleId: number;
  readonly recurrence: Recurrence;
  /** Instants of the schedule's exdates. */
  readonly excluded: ReadonlySet<number>;
}

/** One occurrence as it effectively is: where it happens now, and what it was. */
export interface EffectiveOccurrence {
  readonly scheduleId: number;
  /** The stored row, if this occurrence is an override (plain occurrences are not looked up). */
  readonly instanceId: number | null;
  readonly originalStartMs: number;
  readonly startMs: number;
  readonly endMs: number;
  /** Null: the schedule's title. */
  readonly title: string | null;
  readonly status: InstanceStatus;
  readonly isException: boolean;
}

/**
 * The plain occurrences of a schedule overlapping `[fromMs, toMs)`: its rule, less its exdates.
 * What materialization stores; overrides win over these on the unique (schedule, original start).
 */
export function plainOccurrences(
  c: CompiledSchedule,
  fromMs: number,
  toMs: number,
  maxOccurrences: number,
): Occurrence[] {
  return c.recurrence
    .overlapping(fromMs, toMs, maxOccurrences)
    .filter((o) => !c.excluded.has(o.startMs));
}

/**
 * The one model of a schedule's occurrences: its rule, less its exdates, with each override applied
 * — an edited occurrence at its edited time (wherever that is), a cancelled one gone (or listed as
 * cancelled with `includeCancelled`). An override whose original start the rule no longer
 * produces still shows if edited (a person made it) and is ignored if cancelled. The lazy view,
 * the unstored view, the conflict check, the feed's tests and slots all agree with this.
 *
 * `overrides` are the schedule's override rows near the window (by original or current start);
 * plain rows in it are ignored. Sorted by start, then original start.
 *
 * @example effectiveOccurrences(compiled, [cancelledRow], from, to, { maxOccurrences: 10_000 })
 */
export function effectiveOccurrences(
  c: CompiledSchedule,
  overrides: readonly Instance[],
  fromMs: number,
  toMs: number,
  opts: { maxOccurrences: number; includeCancelled?: boolean },
): EffectiveOccurrence[] {
  const own = overrides.filter((o) => o.scheduleId === c.scheduleId && isOverride(o));
  const overridden = new Set(own.map((o) => o.originalStartMs));
  const out: EffectiveOccurrence[] = [];
  for (const o of plainOccurrences(c, fromMs, toMs, opts.maxOccurrences)) {
    if (overridden.has(o.startMs)) continue;
    out.push({
      scheduleId: c.scheduleId,
      instanceId: null,
      originalStartMs: o.startMs,
      startMs: o.startMs,
      endMs: o.endMs,
      title: null,
      status: 'confirmed',
      isException: false,
    });
  }
  for (const o of own) {
    if (o.startMs >= toMs || o.endMs <= fromMs) continue;
    if (o.status === 'cancelled' && !opts.includeCancelled) continue;
    if (o.status === 'cancelled' && !c.recurrence.at(o.originalStartMs)) continue;
    out.push({
      scheduleId: c.scheduleId,
      instanceId: o.id,
      originalStartMs: o.originalStartMs,
      startMs: o.startMs,
      endMs: o.endMs,
      title: o.title,
      status: o.status,
      isException: o.isException,
    });
  }
  return out.sort((a, b) => a.startMs - b.startMs || a.originalStartMs - b.originalStartMs);
}
