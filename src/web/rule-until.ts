import { wallAt } from './zoned-time.ts';

/**
 * The last local date of an RRULE's UNTIL, read in the schedule's own zone. The server returns
 * UNTIL in UTC (`20271115T045959Z` is the end of 14 Nov 2027 in New York), so its first eight
 * digits are a day late for zones behind UTC; a date or a floating local time is taken as is.
 * @example untilDate('20271115T045959Z', 'America/New_York') → '2027-11-14'
 * @example untilDate('20270131', 'Europe/Berlin') → '2027-01-31'
 */
export function untilDate(until: string, zone: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/i.exec(until.trim());
  if (!m) return '';
  const [, y, mo, d, h, mi, s, z] = m;
  const date = `${y}-${mo}-${d}`;
  if (!h || !z) return date;
  return wallAt(Date.parse(`${date}T${h}:${mi}:${s}Z`), zone).slice(0, 10);
}

/**
 * An UNTIL for a local end date, as the form sends it: a DATE, which the server reads as the
 * end of that day in the schedule's zone. @example untilValue('2027-11-14') → '20271114'
 */
export function untilValue(date: string): string {
  return date.replaceAll('-', '');
}
