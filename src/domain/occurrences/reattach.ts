import type { Recurrence } from '../recurrence/recurrence.ts';
import { constantShift } from './constant-shift.ts';
import { identityOf, occurrenceWith } from './occurrence-identity.ts';
import { wallToEpochMs } from '../time/zone-offsets.ts';

/** Where a hand-made change goes after its schedule changed. */
export type Reattachment =
  /** Still belongs to an occurrence: the one starting (originally) at `originalStartMs`. */
  | { readonly kind: 'kept'; readonly originalStartMs: number; readonly rule: 1 | 2 }
  /** Its occurrence is gone: a cancellation or exdate is dropped, an edited one stands alone. */
  | { readonly kind: 'lost' };

/**
 * Re-attaches hand-made changes (cancellations, exdates, edited occurrences), given by the
 * original starts of their occurrences in `before`, to the occurrences of `after`, by the
 * contract's three rules:
 * 1. its local date (and rank that day) is still an occurrence date of `after`: it stays on that
 *    date (a new time of day or zone moves it with the series; a later start date leaves it);
 * 2. otherwise, if every occurrence of `after` is one of `before` moved by one constant amount
 *    ("Mondays become Tuesdays"), it moves by that amount;
 * 3. otherwise it is lost (the caller drops a cancellation, and makes an edit a one-off event).
 * `notBeforeMs` restricts `before` to the part after a split. Pure; the result is in input order.
 *
 * @example reattach(mondays10, mondays14, [feb15at10]) // [{ kind: 'kept', originalStartMs: feb15at14, rule: 1 }]
 */
export function reattach(
  before: Recurrence,
  after: Recurrence,
  originalStarts: readonly number[],
  notBeforeMs = Number.NEGATIVE_INFINITY,
): Reattachment[] {
  let shift: number | null | undefined; // computed once, only if some change needs rule 2
  return originalStarts.map((startMs): Reattachment => {
    const identity = startMs >= notBeforeMs ? identityOf(before, startMs) : null;
    if (!identity) return { kind: 'lost' };
    const same = occurrenceWith(after, identity);
    if (same) return { kind: 'kept', originalStartMs: same.startMs, rule: 1 };
    if (shift === undefined) shift = constantShift(before, after, originalStarts, notBeforeMs);
    if (shift === null) return { kind: 'lost' };
    const nominal = before.at(startMs)?.wallMs ?? startMs;
    const target = after.at(wallToEpochMs(nominal + shift, after.timeZone));
    return target ? { kind: 'kept', originalStartMs: target.startMs, rule: 2 } : { kind: 'lost' };
  });
}
