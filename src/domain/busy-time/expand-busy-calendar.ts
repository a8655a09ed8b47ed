import {
  expandBusyOccurrences,
  type BusyCalendarLimits,
  type BusyWindow,
} from './busy-occurrences.ts';
import { mergeIntervals, type BusyInterval } from './merge-intervals.ts';

export { BusyCalendarError, type BusyCalendarErrorCode } from './busy-calendar-error.ts';
export { DEFAULT_MAX_EVENTS } from './busy-occurrences.ts';
export type { BusyCalendarLimits, BusyWindow } from './busy-occurrences.ts';
export type { BusyInterval } from './merge-intervals.ts';

/** What a specialist's external calendar blocks in the window. */
export interface BusyCalendar {
  /** Sorted, disjoint, non-touching, clipped to the window. */
  readonly intervals: BusyInterval[];
  /** VEVENT components read (series, overrides and single events). */
  readonly events: number;
  /** What was skipped or read leniently (unknown TZIDs, unreadable values…), for `last_status`. */
  readonly warnings: string[];
}

/**
 * The busy time of an iCalendar feed (Google, Outlook, Apple, Nextcloud) in `[fromMs, toMs)`.
 * Pure: no clock, no IO, the input is not modified.
 *
 * - RRULE, RDATE, EXDATE and RECURRENCE-ID overrides are expanded, each time placed in its zone:
 *   the calendar's VTIMEZONE, else an IANA or Windows zone name, else the calendar zone.
 * - All-day (DATE) events block whole local days and floating times are read in the calendar
 *   zone: X-WR-TIMEZONE, or UTC without it.
 * - Wall times in a spring gap move forward by the gap; ambiguous ones take the earlier offset.
 * - TRANSP:TRANSPARENT and STATUS:CANCELLED events (or overrides) block nothing; so does a
 *   DATE-TIME event without DTEND or DURATION (RFC 5545: zero length). A DATE one lasts a day.
 * - Overlapping and touching intervals are merged.
 *
 * Throws `BusyCalendarError`: `malformed` (not iCalendar, or rejected by the parser),
 * `too_many_events` (over `limits.maxEvents`, default 20,000), `too_many_intervals` (the
 * expansion would generate over `limits.maxIntervals` occurrences, e.g. a runaway rule). Problems
 * with single events are warnings, never errors.
 *
 * @example
 * // the Google-style feed of test/busy-time/fixtures, "now" 2026-03-01
 * const now = Date.UTC(2026, 2, 1);
 * expandBusyCalendar(icsText, { fromMs: now - 86_400_000, toMs: now + 400 * 86_400_000 }, { maxIntervals: 50_000 })
 * // { intervals: [{ startMs: 1772236800000, endMs: 1772406000000 }, …], events: 26, warnings: [] }
 */
export function expandBusyCalendar(
  icsText: string,
  window: BusyWindow,
  limits: BusyCalendarLimits,
): BusyCalendar {
  const { occurrences, events, warnings } = expandBusyOccurrences(icsText, window, limits);
  return { intervals: mergeIntervals(occurrences, window.fromMs, window.toMs), events, warnings };
}
