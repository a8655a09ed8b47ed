import { monthlyWeekday, weekdayCode, WEEKDAYS, type RepeatChoice } from './repeat-rule.ts';
import { addDays, daysBetween } from './wall-time.ts';

/** Months from `a`'s month to `b`'s. */
function monthsBetween(a: string, b: string): number {
  const months = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
  return months(b) - months(a);
}

const DAY_CODES: readonly string[] = WEEKDAYS;

/** The start of the week (per WKST) a date lies in. */
function weekStart(date: string, wkst: string): string {
  const back = (DAY_CODES.indexOf(weekdayCode(date)) - DAY_CODES.indexOf(wkst) + 7) % 7;
  return addDays(date, -back);
}

/** Whether a date is the `2TU` / `-1FR` of its month. */
function isNthWeekday(date: string, code: string): boolean {
  const m = /^(-?\d)([A-Z]{2})$/.exec(code);
  if (!m || weekdayCode(date) !== m[2]) return false;
  const n = Number(m[1]);
  const day = Number(date.slice(8, 10));
  const daysInMonth = new Date(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0),
  ).getUTCDate();
  return n > 0 ? Math.ceil(day / 7) === n : day > daysInMonth + 7 * n;
}

/** Whether a date is an occurrence date of a form-made rule starting on `dtstart`. */
function occursOn(c: RepeatChoice, dtstart: string, date: string): boolean {
  switch (c.repeat) {
    case 'daily':
      return daysBetween(dtstart, date) % c.interval === 0;
    case 'weekly': {
      const days = c.byday.length > 0 ? c.byday : [weekdayCode(dtstart)];
      const wkst = c.wkst ?? 'MO';
      const weeks = daysBetween(weekStart(dtstart, wkst), weekStart(date, wkst)) / 7;
      return days.includes(weekdayCode(date)) && weeks % c.interval === 0;
    }
    case 'monthly-date':
      return date.slice(8) === dtstart.slice(8) && monthsBetween(dtstart, date) % c.interval === 0;
    case 'monthly-weekday':
      return (
        isNthWeekday(date, monthlyWeekday(dtstart)) &&
        monthsBetween(dtstart, date) % c.interval === 0
      );
    default:
      return false;
  }
}

/**
 * How many occurrences a form-made rule has on the local dates from `dtstart` up to the day
 * before `from`: what "this and following" leaves of a COUNT is the COUNT minus these. Null for
 * rules the form cannot show (the server shares those out itself). DTSTART always counts
 * (RFC 5545 §3.8.5.3); the loop stops once the COUNT is used up.
 * @example occurrencesBefore({repeat: 'weekly', byday: ['TU','TH'], count: 6, ...}, '2026-12-01', '2026-12-10') → 3
 */
export function occurrencesBefore(c: RepeatChoice, dtstart: string, from: string): number | null {
  if (c.repeat === 'none' || c.repeat === 'custom') return null;
  const limit = c.ends === 'count' ? c.count : Number.POSITIVE_INFINITY;
  let n = 0;
  for (let d = dtstart; d < from && n < limit; d = addDays(d, 1))
    if (d === dtstart || occursOn(c, dtstart, d)) n++;
  return n;
}

/**
 * The form's choice for the part of a series from `from` on: a COUNT becomes what is left of it
 * (never less than one), so showing it and sending it back add no occurrence.
 */
export function remainingChoice(c: RepeatChoice, dtstart: string, from: string): RepeatChoice {
  if (c.ends !== 'count') return c;
  const before = occurrencesBefore(c, dtstart, from);
  return before === null ? c : { ...c, count: Math.max(1, c.count - before) };
}
