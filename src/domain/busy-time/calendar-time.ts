/** One day in milliseconds (a DATE value's length before DST is applied). */
export const DAY_MS = 86_400_000;

/**
 * A DATE or DATE-TIME value as the feed wrote it, before it is placed in a zone. Kept as wall-clock
 * milliseconds (the reading taken as if it were UTC) so that rules can be expanded on the wall
 * clock and each result placed in its zone afterwards.
 */
export interface CalendarTime {
  /** Wall-clock reading as epoch ms if it were UTC; a DATE reads as its midnight. */
  readonly wallMs: number;
  readonly isDate: boolean;
  /** True for a DATE-TIME ending in `Z`: then `wallMs` is the instant itself. */
  readonly utc: boolean;
  /** The TZID parameter, or null (UTC, DATE, or a floating time). */
  readonly tzid: string | null;
}

// ical.js hands values over in jCal form ("2026-03-29", "2026-03-29T02:30:00", "…Z") but does not
// validate them ("DTSTART:garbage" parses), so each value is checked here.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z?)$/;

function wall(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | null {
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)); // a leap second reads as :59
  return new Date(ms).getUTCDate() === d ? ms : null; // rejects 2026-02-30
}

/**
 * Reads one jCal date or date-time string, or returns null when it is not a real one.
 *
 * @example parseCalendarTime('2026-03-29T02:30:00', 'Europe/Berlin')
 * // { wallMs: Date.UTC(2026, 2, 29, 2, 30), isDate: false, utc: false, tzid: 'Europe/Berlin' }
 */
export function parseCalendarTime(value: unknown, tzid: string | null): CalendarTime | null {
  if (typeof value !== 'string') return null;
  const date = DATE.exec(value);
  if (date) {
    const ms = wall(Number(date[1]), Number(date[2]), Number(date[3]));
    return ms === null ? null : { wallMs: ms, isDate: true, utc: false, tzid: null };
  }
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const ms = wall(
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
  );
  if (ms === null) return null;
  const utc = m[7] === 'Z';
  return { wallMs: ms, isDate: false, utc, tzid: utc ? null : tzid };
}

/** The wall-clock midnight starting the day of a wall time. */
export function wallDay(wallMs: number): number {
  return Math.floor(wallMs / DAY_MS) * DAY_MS;
}
