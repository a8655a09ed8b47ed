import { Temporal } from 'temporal-polyfill';
import { invalid } from '../errors.ts';
import { DAY_MS } from './durations.ts';
import { epochToWallMs, formatOffset, offsetAt, wallToEpochMs } from './zone-offsets.ts';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:(Z)|([+-])(\d{2}):(\d{2}))?$/;
/** RFC 3339 allows any offset; the contract (and Temporal) stop at ±18:00. */
const MAX_OFFSET_MINUTES = 18 * 60;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/** A wall-clock time, always `YYYY-MM-DDTHH:MM:SS`, with no zone attached. */
export type LocalDateTime = string;

/**
 * Parses a client datetime per the contract: local wall time (`2026-12-05T09:00[:SS]`) in `timeZone`,
 * or an instant with an offset (at most ±18:00) or `Z`, converted to `timeZone`. Seconds 00–59, no
 * fractions, years 1900–2200: anything else is a `validation_error`, never a silent correction.
 * Gaps move forward, folds take the earlier offset (Temporal's `compatible`, RFC 5545 §3.3.5).
 *
 * @example parseDateTimeInput('2026-03-29T02:30:00', 'Europe/Berlin', 'start_datetime') // { local: '2026-03-29T02:30:00', epochMs: (03:30+02:00) }
 */
export function parseDateTimeInput(
  value: string,
  timeZone: string,
  field: string,
): { local: LocalDateTime; epochMs: number } {
  const m = DATE_TIME.exec(value);
  if (!m)
    throw invalid(
      `${field} must look like YYYY-MM-DDTHH:MM[:SS], optionally with Z or an offset like +01:00 (no fractions of a second)`,
      { field, value },
    );
  const [, date, hh, mm, ss = '00', zulu, sign, oh, om] = m;
  let plain: Temporal.PlainDateTime;
  try {
    // Temporal reads a leap second (:60) as :59; the contract refuses it.
    if (Number(ss) > 59) throw new RangeError('second');
    plain = Temporal.PlainDateTime.from(`${date}T${hh}:${mm}:${ss}`, { overflow: 'reject' });
  } catch {
    throw invalid(`${field} is not a real date and time (hours 00–23, minutes and seconds 00–59)`, {
      field,
      value,
    });
  }
  let zoned: Temporal.ZonedDateTime;
  if (sign !== undefined) {
    const minutes = Number(oh) * 60 + Number(om);
    if (Number(om) > 59 || minutes > MAX_OFFSET_MINUTES)
      throw invalid(`${field} has an offset beyond ±18:00`, { field, value });
    const offsetMs = (sign === '-' ? -1 : 1) * minutes * 60_000;
    const epochMs = Date.parse(`${plain.toString()}Z`) - offsetMs;
    zoned = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
  } else if (zulu !== undefined) {
    zoned = Temporal.Instant.from(`${plain.toString()}Z`).toZonedDateTimeISO(timeZone);
  } else {
    zoned = plain.toZonedDateTime(timeZone, { disambiguation: 'compatible' });
  }
  if (
    plain.year < MIN_YEAR ||
    plain.year > MAX_YEAR ||
    zoned.year < MIN_YEAR ||
    zoned.year > MAX_YEAR
  ) {
    throw invalid(`${field} must be between the years ${MIN_YEAR} and ${MAX_YEAR}`, {
      field,
      value,
    });
  }
  // A local input keeps its wall time as typed (a spring-gap 02:30 stays 02:30 as the schedule's
  // wall time; its instant is 03:30); an instant is read in the zone.
  const local = sign === undefined && zulu === undefined ? plain : zoned.toPlainDateTime();
  return { local: formatLocal(local), epochMs: zoned.epochMilliseconds };
}

/** Parses `YYYY-MM-DD` strictly (real dates only, 1900–2200), or throws a `validation_error` naming `field`. */
export function parseLocalDate(value: string, field: string): Temporal.PlainDate {
  if (!LOCAL_DATE.test(value))
    throw invalid(`${field} must be a date like 2026-12-07`, { field, value });
  try {
    const d = Temporal.PlainDate.from(value, { overflow: 'reject' });
    if (d.year < MIN_YEAR || d.year > MAX_YEAR) throw new RangeError('year');
    return d;
  } catch {
    throw invalid(`${field} is not a real calendar date between ${MIN_YEAR} and ${MAX_YEAR}`, {
      field,
      value,
    });
  }
}

/** `YYYY-MM-DDTHH:MM:SS` of a plain date-time (no fractional seconds). */
export function formatLocal(p: Temporal.PlainDateTime): LocalDateTime {
  return p.toString({ smallestUnit: 'second' });
}

/** The instant of local midnight starting `date` in `timeZone` (a gap at midnight moves forward). */
export function startOfDay(date: Temporal.PlainDate, timeZone: string): number {
  return date.toZonedDateTime({ timeZone }).epochMilliseconds;
}

/** Epoch ms of a local wall time (`YYYY-MM-DDTHH:MM:SS`) in a zone, gaps forward and folds earlier. */
export function localToEpochMs(local: LocalDateTime, timeZone: string): number {
  return wallToEpochMs(Date.parse(`${local}Z`), timeZone);
}

/** The local wall time of an instant in a zone. */
export function epochMsToLocal(epochMs: number, timeZone: string): LocalDateTime {
  return localOfWall(epochToWallMs(epochMs, timeZone));
}

/** A local wall time read as ms (as if it were UTC): the zone-free clock recurrence runs on. */
export function wallOf(local: LocalDateTime): number {
  return Date.parse(`${local}Z`);
}

/** The local wall time (`YYYY-MM-DDTHH:MM:SS`) of a wall clock in ms. */
export function localOfWall(wallMs: number): LocalDateTime {
  return new Date(wallMs).toISOString().slice(0, 19);
}

/** The local date (`YYYY-MM-DD`) of a wall clock in ms. */
export function dateOfWall(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 10);
}

/** Midnight (as wall ms) of the local date `YYYY-MM-DD`. */
export function wallOfDate(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The date `days` after `date` (both `YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  return dateOfWall(wallOfDate(date) + days * DAY_MS);
}

/**
 * RFC 3339 with the offset in force at that instant in `timeZone`, seconds always present.
 *
 * @example formatInstant(Date.parse('2026-03-28T08:00:00Z'), 'Europe/Berlin') // '2026-03-28T09:00:00+01:00'
 */
export function formatInstant(epochMs: number, timeZone: string): string {
  const offset = offsetAt(epochMs, timeZone);
  return new Date(epochMs + offset).toISOString().slice(0, 19) + formatOffset(offset);
}

/** Today's date in a zone at the instant `nowMs`. */
export function todayIn(nowMs: number, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(nowMs).toZonedDateTimeISO(timeZone).toPlainDate();
}
