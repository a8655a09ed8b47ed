// The calendar runs in FullCalendar's 'UTC' zone and is fed wall times of the grid's zone (the
// specialist's), so a Date here is a wall time carried in UTC fields: DST never shifts a block.
import { wallAt, wallInZone } from './zoned-time.ts';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a wall-time Date. @example dateOf(new Date('2026-12-07T00:00Z')) → '2026-12-07' */
export function dateOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `HH:MM` of a wall-time Date. */
export function timeOf(d: Date): string {
  return d.toISOString().slice(11, 16);
}

/** `YYYY-MM-DDTHH:MM:SS` of a wall-time Date. */
export function wallOf(d: Date): string {
  return d.toISOString().slice(0, 19);
}

/** A local date moved by whole days. @example addDays('2026-12-31', 1) → '2027-01-01' */
export function addDays(date: string, days: number): string {
  return dateOf(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

/** Whole days from `a` to `b`. @example daysBetween('2026-12-01', '2026-12-08') → 7 */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The wall time of an API datetime in its own zone: its first 19 characters. */
export function wallPart(datetime: string): string {
  return datetime.slice(0, 19);
}

/** Monday on or before a local date. */
export function mondayOnOrBefore(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** "Sat 12 Dec" for a local date. */
export function dayLabel(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  })
    .format(new Date(`${date}T00:00:00Z`))
    .replace(',', '');
}

/**
 * "Sat 12 Dec 09:00–17:00" for a block given as API datetimes, told in `zone` (the grid's).
 * @example describeBlock('2026-12-23T09:00:00-05:00', '2026-12-23T10:00:00-05:00', 'Europe/London') → 'Wed 23 Dec 14:00–15:00'
 */
export function describeBlock(start: string, end: string, zone: string): string {
  const s = wallInZone(start, zone);
  const e = wallInZone(end, zone);
  const endDay = s.slice(0, 10) === e.slice(0, 10) ? '' : `${dayLabel(e.slice(0, 10))} `;
  return `${dayLabel(s.slice(0, 10))} ${s.slice(11, 16)}–${endDay}${e.slice(11, 16)}`;
}

/** The current wall time in a zone, `YYYY-MM-DDTHH:MM:SS`, for FullCalendar's "today". */
export function nowInZone(zone: string, now = new Date()): string {
  return wallAt(now.getTime(), zone);
}
