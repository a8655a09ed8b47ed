import type ICAL from 'ical.js';
import { parseCalendarTime, type CalendarTime } from './calendar-time.ts';

/** RFC 5545 frequencies, all of which a feed may use (sub-daily ones included). */
export type IcalFrequency =
  'SECONDLY' | 'MINUTELY' | 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

/** An RRULE as ical.js parsed it, as plain data. UNTIL is kept as written, to be placed later. */
export interface IcalRule {
  readonly freq: IcalFrequency;
  readonly interval: number;
  readonly count: number | null;
  readonly until: CalendarTime | null;
  readonly byDay?: string[];
  readonly byMonthDay?: number[];
  readonly byMonth?: number[];
  readonly byYearDay?: number[];
  readonly byWeekNo?: number[];
  readonly bySetPos?: number[];
  readonly byHour?: number[];
  readonly byMinute?: number[];
  readonly bySecond?: number[];
  readonly wkst?: string;
  /** The rule as text, for warnings. */
  readonly text: string;
}

const FREQUENCIES = new Set([
  'SECONDLY',
  'MINUTELY',
  'HOURLY',
  'DAILY',
  'WEEKLY',
  'MONTHLY',
  'YEARLY',
]);
// ical.js numbers weekdays from Sunday = 1 (ICAL.Time.SUNDAY).
const WKST = ['', 'SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

function numbers(parts: Record<string, unknown>, key: string): number[] | undefined {
  const value = parts[key];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const out = list.map(Number).filter((n) => Number.isInteger(n));
  return out.length ? out : undefined;
}

/**
 * Plain data from an `ICAL.Recur` (ical.js has already rejected unknown frequencies and
 * out-of-range BYxxx values while parsing), or a reason it cannot be expanded.
 *
 * @example readIcalRule(ICAL.Recur.fromString('FREQ=WEEKLY;BYDAY=MO;COUNT=3'))
 * // { freq: 'WEEKLY', interval: 1, count: 3, until: null, byDay: ['MO'], text: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3' }
 */
export function readIcalRule(recur: ICAL.Recur): IcalRule | string {
  const text = recur.toString();
  if (!FREQUENCIES.has(recur.freq)) return `RRULE without a valid FREQ: ${text}`;
  let until: CalendarTime | null = null;
  if (recur.until) {
    until = parseCalendarTime(recur.until.toString(), null);
    if (!until) return `RRULE with an unreadable UNTIL: ${text}`;
  }
  const parts = recur.parts as Record<string, unknown>;
  const byDayRaw = parts.BYDAY;
  const byDay = (Array.isArray(byDayRaw) ? byDayRaw : byDayRaw ? [byDayRaw] : []).map(String);
  const wkst = WKST[recur.wkst];
  return {
    freq: recur.freq as IcalFrequency,
    interval: Number.isInteger(recur.interval) && recur.interval > 0 ? recur.interval : 1,
    count: recur.count === null ? null : Math.max(1, recur.count), // COUNT=0 is invalid: DTSTART only
    until,
    ...(byDay.length && { byDay }),
    ...optional('byMonthDay', numbers(parts, 'BYMONTHDAY')),
    ...optional('byMonth', numbers(parts, 'BYMONTH')),
    ...optional('byYearDay', numbers(parts, 'BYYEARDAY')),
    ...optional('byWeekNo', numbers(parts, 'BYWEEKNO')),
    ...optional('bySetPos', numbers(parts, 'BYSETPOS')),
    ...optional('byHour', numbers(parts, 'BYHOUR')),
    ...optional('byMinute', numbers(parts, 'BYMINUTE')),
    ...optional('bySecond', numbers(parts, 'BYSECOND')),
    ...(wkst && { wkst }),
    text,
  };
}

function optional<K extends string>(
  key: K,
  value: number[] | undefined,
): Partial<Record<K, number[]>> {
  return value ? ({ [key]: value } as Record<K, number[]>) : {};
}
