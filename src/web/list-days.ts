import { addDays, dayLabel } from './wall-time.ts';

/** One block in the list of the week: wall times of the grid's zone. */
export interface ListItem {
  readonly id: string;
  readonly title: string;
  readonly start: string;
  readonly end: string;
  readonly edited: boolean;
  readonly readonly: boolean;
  /** Kept in another zone than the grid's. */
  readonly otherZone: boolean;
}

/** A day of the list: its blocks in time order (maybe none). */
export interface ListDay {
  readonly date: string;
  readonly label: string;
  readonly items: readonly ListItem[];
}

/**
 * The days from `start` (`days` of them), each with the blocks that start on it, in time order.
 * Days without blocks stay in the list, so the week keeps its shape and each day can be added to.
 * @example listDays('2026-12-07', 7, items)[2] → { date: '2026-12-09', label: 'Wed 9 Dec', items: [...] }
 */
export function listDays(start: string, days: number, items: readonly ListItem[]): ListDay[] {
  const sorted = [...items].sort((a, b) => a.start.localeCompare(b.start));
  return Array.from({ length: days }, (_, i) => {
    const date = addDays(start, i);
    return {
      date,
      label: dayLabel(date),
      items: sorted.filter((item) => item.start.slice(0, 10) === date),
    };
  });
}

/** "09:00–10:30" (or "22:00–Thu 02:00" across midnight) for a list item. */
export function itemTime(item: ListItem): string {
  const endDay =
    item.end.slice(0, 10) === item.start.slice(0, 10) ? '' : `${dayLabel(item.end.slice(0, 10))} `;
  return `${item.start.slice(11, 16)}–${endDay}${item.end.slice(11, 16)}`;
}
