import { Temporal } from 'temporal-polyfill';
import { invalid } from '../errors.ts';
import { epochToWallMs, formatOffset, offsetAt, wallToEpochMs } from './zone-offsets.ts';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

/** A wall-clock time, always `YYYY-MM-DDTHH:MM:SS`, with no zone attached. */
export type LocalDateTime = string;
/** A calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

/**
 * Parses a client datetime per the contract: local wall time (`2026-12-05T09:00[:SS]`) in `timeZone`,
 * or an instant with an offset or `Z`, converted to `timeZone`. Gaps move forward, folds take the
 * earlier offset (Temporal's `compatible`, RFC 5545 §3.3.5).
 *
 * @example parseDateTimeInput('2026-03-29T02:30:00', 'Europe/Berlin') // { local: '2026-03-29T03:30:00', epochMs: … }
 */
export function parseDateTimeInput(
  value: string,
  timeZone: string,
  field: string,
): { local: LocalDateTime; epochMs: number } {
  const m = DATE_TIME.exec(value);
  if (!m)
    throw invalid(`${field} must look like YYYY-MM-DDTHH:MM[:SS], optionally with an offset`, {
      field,
      value,
    });
  const [, date, hh, mm, ss = '00', offset] = m;
  let plain: Temporal.PlainDateTime;
  try {
    plain = Temporal.PlainDateTime.from(`${date}T${hh}:${mm}:${ss}`, { overflow: 'reject' });
  } catch {
    throw invalid(`${field} is not a real date and time`, { field, value });
  }
  if (plain.year < 1900 || plain.year > 2200) {
    throw invalid(`${field} must be between the years 1900 and 2200`, { field, value });
  }
  const zoned = offset
    ? Temporal.Instant.from(`${date}T${hh}:${mm}:${ss}${offset}`).toZonedDateTimeISO(timeZone)
    : plain.toZonedDateTime(timeZone, { disambiguation: 'compatible' });
  return { local: formatLocal(zoned.toPlainDateTime()), epochMs: zoned.epochMilliseconds };
}

/** Parses `YYYY-MM-DD` strictly (real dates only), or throws a `validation_error` naming `field`. */
export function parseLocalDate(value: string, field: string): Temporal.PlainDate {
  if (!LOCAL_DATE.test(value))
    throw invalid(`${field} must be a date like 2026-12-07`, { field, value });
  try {
    const d = Temporal.PlainDate.from(value, { overflow: 'reject' });
    if (d.year < 1900 || d.year > 2200) throw new RangeError('year');
    return d;
  } catch {
    throw invalid(`${field} is not a real calendar date between 1900 and 2200`, { field, value });
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
  return new Date(epochToWallMs(epochMs, timeZone)).toISOString().slice(0, 19);
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
