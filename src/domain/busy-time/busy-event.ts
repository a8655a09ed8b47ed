import ICAL from 'ical.js';
import { DAY_MS, parseCalendarTime, type CalendarTime } from './calendar-time.ts';
import { readIcalRule, type IcalRule } from './ical-rule.ts';
import { rawValues, readTime, readTimes, tzidOf, upperText } from './ical-values.ts';

/** A length as RFC 5545 §3.3.6 adds it to a start: nominal days first, then exact milliseconds. */
export interface EventLength {
  readonly days: number;
  readonly ms: number;
}

/** One RDATE: a start, and for a PERIOD value its own end or length. */
export interface RecurrenceDate {
  readonly start: CalendarTime;
  readonly end: CalendarTime | null;
  readonly length: EventLength | null;
}

/** A VEVENT as plain data: what the busy expansion needs from it, nothing placed in a zone yet. */
export interface BusyEvent {
  /** UID, or a unique stand-in for an event without one (it then groups with nothing). */
  readonly uid: string;
  readonly start: CalendarTime;
  /** DTEND, or null. */
  readonly end: CalendarTime | null;
  /** DURATION, or null. */
  readonly length: EventLength | null;
  readonly rules: readonly IcalRule[];
  readonly rdates: readonly RecurrenceDate[];
  readonly exdates: readonly CalendarTime[];
  /** RECURRENCE-ID: this VEVENT overrides that instance of the series with the same UID. */
  readonly recurrenceId: CalendarTime | null;
  readonly sequence: number;
  /** Neither TRANSP:TRANSPARENT nor STATUS:CANCELLED. */
  readonly blocks: boolean;
}

function readLength(value: unknown): EventLength | null | 'negative' {
  if (typeof value !== 'string') return null;
  let d: ICAL.Duration;
  try {
    d = ICAL.Duration.fromString(value);
  } catch {
    return null;
  }
  if (d.isNegative) return 'negative';
  const ms = ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
  return { days: d.weeks * 7 + d.days, ms };
}

function readPeriod(value: unknown, tzid: string | null): RecurrenceDate | null {
  if (!Array.isArray(value)) return null;
  const [first, second] = value as unknown[];
  const start = parseCalendarTime(first, tzid);
  if (!start) return null;
  const end = parseCalendarTime(second, tzid);
  const length = end ? null : readLength(second);
  if (!end && (length === null || length === 'negative')) return null;
  return { start, end, length: length === 'negative' ? null : length };
}

/**
 * Reads one VEVENT, or returns null (with a warning) when it has no usable DTSTART. Oddities that
 * still leave a usable event are warned about and read leniently: a negative DURATION is zero, an
 * unreadable EXDATE or RDATE is skipped, RANGE=THISANDFUTURE overrides only its own instance.
 *
 * @example readBusyEvent(vevent, 0, warnings.push) // { uid: 'weekly@google.com', start: { wallMs, … }, rules: [ … ], blocks: true, … }
 */
export function readBusyEvent(
  vevent: ICAL.Component,
  index: number,
  warn: (message: string) => void,
): BusyEvent | null {
  const uidValue = vevent.getFirstPropertyValue('uid');
  const uid = typeof uidValue === 'string' && uidValue ? uidValue : `#${index + 1} (no UID)`;
  const start = readTime(vevent, 'dtstart');
  if (!start) {
    warn(`event "${uid}": no readable DTSTART; skipped`);
    return null;
  }
  const end = vevent.hasProperty('dtend') ? readTime(vevent, 'dtend') : null;
  if (vevent.hasProperty('dtend') && !end) warn(`event "${uid}": unreadable DTEND; ignored`);
  let length: EventLength | null = null;
  const durationProp = vevent.getFirstProperty('duration');
  if (!end && durationProp) {
    const read = readLength(rawValues(durationProp)[0]);
    if (read === 'negative') warn(`event "${uid}": negative DURATION read as zero`);
    length = read === 'negative' ? { days: 0, ms: 0 } : read;
  }

  const rules: IcalRule[] = [];
  for (const prop of vevent.getAllProperties('rrule')) {
    const rule = readIcalRule(prop.getFirstValue() as ICAL.Recur);
    if (typeof rule === 'string') warn(`event "${uid}": ${rule}; rule ignored`);
    else rules.push(rule);
  }
  const rdates: RecurrenceDate[] = [];
  for (const prop of vevent.getAllProperties('rdate')) {
    const tzid = tzidOf(prop);
    for (const value of rawValues(prop)) {
      const time = parseCalendarTime(value, tzid);
      const rdate = time ? { start: time, end: null, length: null } : readPeriod(value, tzid);
      if (rdate) rdates.push(rdate);
      else warn(`event "${uid}": unreadable RDATE ${JSON.stringify(value)}; skipped`);
    }
  }
  const exdates: CalendarTime[] = [];
  for (const prop of vevent.getAllProperties('exdate')) {
    const times = readTimes(prop);
    if (times) exdates.push(...times);
    else warn(`event "${uid}": unreadable EXDATE; skipped`);
  }

  const ridProp = vevent.getFirstProperty('recurrence-id');
  const recurrenceId = ridProp ? (readTimes(ridProp)?.[0] ?? null) : null;
  if (ridProp && !recurrenceId)
    warn(`event "${uid}": unreadable RECURRENCE-ID; read as its own event`);
  if (ridProp && String(ridProp.getParameter('range') ?? '').toUpperCase() === 'THISANDFUTURE') {
    warn(`event "${uid}": RANGE=THISANDFUTURE is read as overriding only its own instance`);
  }
  const sequence = Number(vevent.getFirstPropertyValue('sequence') ?? 0);
  return {
    uid,
    start,
    end,
    length,
    rules: recurrenceId ? [] : rules,
    rdates: recurrenceId ? [] : rdates,
    exdates: recurrenceId ? [] : exdates,
    recurrenceId,
    sequence: Number.isFinite(sequence) ? sequence : 0,
    blocks:
      upperText(vevent, 'transp') !== 'TRANSPARENT' && upperText(vevent, 'status') !== 'CANCELLED',
  };
}

/** RFC 5545 §3.6.1 defaults when neither DTEND nor DURATION is given: a DATE lasts one day, a DATE-TIME nothing. */
export function defaultLength(start: CalendarTime): EventLength {
  return start.isDate ? { days: 1, ms: 0 } : { days: 0, ms: 0 };
}

/** An upper bound on any occurrence's length in ms (a nominal day may last 25 h). */
export function maxLengthMs(length: EventLength): number {
  return length.days * (DAY_MS + 3_600_000) + length.ms;
}
