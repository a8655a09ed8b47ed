import type { Conflict } from './api-client.ts';
import { describeBlock } from './wall-time.ts';

const SHOWN = 3;

/**
 * A 409's clashes in words, titles looked up by schedule id.
 * @example conflictMessage([{schedule_id: 1, start_datetime: '2026-12-12T09:00:00+01:00', …}], new Map([[1, 'Saturday clinic']]))
 *   → 'Overlaps Saturday clinic, Sat 12 Dec 09:00–17:00. Nothing was changed.'
 */
export function conflictMessage(
  conflicts: readonly Conflict[],
  titles: ReadonlyMap<number, string>,
): string {
  if (conflicts.length === 0) return 'This overlaps other availability. Nothing was changed.';
  const listed = conflicts
    .slice(0, SHOWN)
    .map(
      (c) =>
        `${titles.get(c.schedule_id) ?? `schedule #${c.schedule_id}`}, ${describeBlock(c.start_datetime, c.end_datetime)}`,
    )
    .join('; ');
  const more = conflicts.length > SHOWN ? ` and ${conflicts.length - SHOWN} more` : '';
  return `Overlaps ${listed}${more}. Nothing was changed.`;
}

/** The conflicts listed in a 409's details, or an empty list. */
export function conflictsOf(details: unknown): Conflict[] {
  const list = (details as { conflicts?: unknown } | null)?.conflicts;
  return Array.isArray(list) ? (list as Conflict[]) : [];
}
