import type { Conflict } from './api-client.ts';
import { describeBlock } from './wall-time.ts';

/** The server lists at most this many clashes (api.md): a full list may hide more. */
const SERVER_LIMIT = 20;
const SHOWN_SERIES = 4;

/**
 * A 409's clashes in words, grouped by the schedule they clash with (titles looked up by id),
 * times told in the grid's zone so they match what the person sees.
 * @example conflictMessage([one clash with schedule 1], new Map([[1, 'Saturday clinic']]), 'Europe/Berlin')
 *   → 'Overlaps Saturday clinic, Sat 12 Dec 09:00–17:00. Nothing was changed.'
 * @example with 2 clashes with 'Weekly TT' and 12 with 'Monthly 2nd Tue'
 *   → 'Overlaps Weekly TT: 2 times, first Tue 1 Dec 09:00–10:00; Monthly 2nd Tue: 12 times, first Tue 8 Dec 09:00–10:00. Nothing was changed.'
 */
export function conflictMessage(
  conflicts: readonly Conflict[],
  titles: ReadonlyMap<number, string>,
  zone: string,
): string {
  if (conflicts.length === 0) return 'This overlaps other availability. Nothing was changed.';
  const byStart = [...conflicts].sort(
    (a, b) => Date.parse(a.start_datetime) - Date.parse(b.start_datetime),
  );
  // Grouped by schedule, in the order of each one's first clash.
  const groups = new Map<number, Conflict[]>();
  for (const c of byStart) groups.set(c.schedule_id, [...(groups.get(c.schedule_id) ?? []), c]);
  const parts = [...groups].slice(0, SHOWN_SERIES).map(([id, list]) => {
    const title = titles.get(id) ?? `schedule #${id}`;
    const first = list[0]!;
    const when = describeBlock(first.start_datetime, first.end_datetime, zone);
    return list.length === 1
      ? `${title}, ${when}`
      : `${title}: ${list.length} times, first ${when}`;
  });
  const hidden = groups.size - SHOWN_SERIES;
  const more = hidden > 0 ? `; and ${hidden} more schedule${hidden === 1 ? '' : 's'}` : '';
  const capped =
    conflicts.length >= SERVER_LIMIT
      ? ` (the first ${conflicts.length} clashes; there may be more)`
      : '';
  return `Overlaps ${parts.join('; ')}${more}${capped}. Nothing was changed.`;
}

/** The conflicts listed in a 409's details, or an empty list. */
export function conflictsOf(details: unknown): Conflict[] {
  const list = (details as { conflicts?: unknown } | null)?.conflicts;
  return Array.isArray(list) ? (list as Conflict[]) : [];
}
