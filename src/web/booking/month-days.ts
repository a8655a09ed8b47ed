// The month-at-a-glance picker's arithmetic, on plain `YYYY-MM-DD` / `YYYY-MM` strings.
import { addDays } from '../wall-time.ts';

/** `YYYY-MM` of a local date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** A month moved by whole months. @example addMonths('2026-12', 1) → '2027-01' */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month's local dates, first to last. */
export function daysOfMonth(month: string): string[] {
  const days: string[] = [];
  for (let d = `${month}-01`; monthOf(d) === month; d = addDays(d, 1)) days.push(d);
  return days;
}

/**
 * The month as weeks, Monday first; `null` pads the first and last week.
 * @example monthWeeks('2026-12')[0] → [null, '2026-12-01', …, '2026-12-06']
 */
export function monthWeeks(month: string): (string | null)[][] {
  const days = daysOfMonth(month);
  const lead = (new Date(`${days[0]}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const cells: (string | null)[] = [...Array<null>(lead).fill(null), ...days];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** "December 2026". */
export function monthLabel(month: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${month}-01T00:00:00Z`));
}

/**
 * The specialist's local dates to ask `slots` for so that every slot of a month of the client's
 * days is included: two days either side, since two zones are at most 26 hours apart.
 * @example slotWindow('2026-12') → {start: '2026-11-29', end: '2027-01-02'}
 */
export function slotWindow(month: string): { start: string; end: string } {
  const days = daysOfMonth(month);
  return { start: addDays(days[0]!, -2), end: addDays(days[days.length - 1]!, 2) };
}
