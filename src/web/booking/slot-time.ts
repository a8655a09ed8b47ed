// How a booking page tells an instant: in the client's zone (or the specialist's), with nothing
// but Intl, so the times shown are exactly the API's instants read in that zone.
import { dayLabel } from '../wall-time.ts';
import { wallInZone } from '../zoned-time.ts';

/**
 * `HH:MM` of an API datetime in `zone`.
 * @example clockTime('2027-03-15T14:00:00+01:00', 'America/New_York') → '09:00'
 */
export function clockTime(datetime: string, zone: string): string {
  return wallInZone(datetime, zone).slice(11, 16);
}

/**
 * The local date (`YYYY-MM-DD`) of an API datetime in `zone`.
 * @example localDate('2026-12-10T01:00:00+01:00', 'America/New_York') → '2026-12-09'
 */
export function localDate(datetime: string, zone: string): string {
  return wallInZone(datetime, zone).slice(0, 10);
}

/** "Thursday 10 December 2026" for a local date. */
export function longDay(date: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  })
    .format(new Date(`${date}T00:00:00Z`))
    .replace(',', '');
}

/**
 * A booking's span told in `zone`: "Thu 10 Dec 2026, 10:15–10:45" (the end day named when it
 * differs).
 * @example spanIn('2026-12-10T10:15:00+01:00', '2026-12-10T10:45:00+01:00', 'Europe/Berlin') → 'Thu 10 Dec 2026, 10:15–10:45'
 */
export function spanIn(start: string, end: string, zone: string): string {
  const s = wallInZone(start, zone);
  const e = wallInZone(end, zone);
  const endDay = s.slice(0, 10) === e.slice(0, 10) ? '' : `${dayLabel(e.slice(0, 10))} `;
  return `${dayLabel(s.slice(0, 10))} ${s.slice(0, 4)}, ${s.slice(11, 16)}–${endDay}${e.slice(11, 16)}`;
}

/**
 * A slot's button text relative to the day being looked at: the time alone on that day, the
 * day and the time on another.
 * @example slotLabel('2026-12-11T09:00:00+01:00', '2026-12-10', 'Europe/Berlin') → 'Fri 11 Dec 09:00'
 */
export function slotLabel(datetime: string, onDay: string, zone: string): string {
  const date = localDate(datetime, zone);
  const time = clockTime(datetime, zone);
  return date === onDay ? time : `${dayLabel(date)} ${time}`;
}
