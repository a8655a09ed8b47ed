import { addDays, daysBetween, mondayOnOrBefore } from './wall-time.ts';

/**
 * The range to prefetch after `[start, end]` (inclusive local dates) was shown: the next day,
 * week or month grid (six weeks from the Monday on or before the next month's 1st).
 * @example nextRange('2026-12-07', '2026-12-13') → ['2026-12-14', '2026-12-20']
 * @example nextRange('2026-11-30', '2027-01-10') → ['2026-12-28', '2027-02-07']
 */
export function nextRange(start: string, end: string): [string, string] {
  const days = daysBetween(start, end) + 1;
  if (days <= 7) return [addDays(start, days), addDays(end, days)];
  const middle = addDays(start, 15);
  const month = Number(middle.slice(5, 7));
  const year = Number(middle.slice(0, 4));
  const first =
    month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const gridStart = mondayOnOrBefore(first);
  return [gridStart, addDays(gridStart, 41)];
}
