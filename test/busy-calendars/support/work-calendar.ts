import { ics } from '../../busy-time/support/ics-builder.ts';
import { BERLIN_VTIMEZONE, NEW_YORK_VTIMEZONE } from '../../busy-time/support/vtimezones.ts';

/**
 * A specialist's work calendar as Google exports it, with its own VTIMEZONEs:
 * - a Tuesday 10:00–11:00 Berlin stand-up from 8 December 2026, less 15 December (EXDATE), and
 *   22 December moved to 14:00–15:00 (RECURRENCE-ID);
 * - a Thursday 09:00–10:00 New York call from 10 December 2026 (15:00 in Berlin, but 14:00 in
 *   the two weeks of 2027 when New York is on summer time and Berlin not yet), 17 December
 *   cancelled (a RECURRENCE-ID with STATUS:CANCELLED);
 * - Wednesday 9 December: 10:00–11:00 marked free (TRANSP:TRANSPARENT) and 14:00–15:00
 *   cancelled (STATUS:CANCELLED): neither blocks.
 */
export const WORK_CALENDAR = ics(
  [
    [
      'UID:standup@example.org',
      'SUMMARY:Stand-up',
      'DTSTART;TZID=Europe/Berlin:20261208T100000',
      'DTEND;TZID=Europe/Berlin:20261208T110000',
      'RRULE:FREQ=WEEKLY;BYDAY=TU',
      'EXDATE;TZID=Europe/Berlin:20261215T100000',
    ],
    [
      'UID:standup@example.org',
      'SUMMARY:Stand-up (moved)',
      'RECURRENCE-ID;TZID=Europe/Berlin:20261222T100000',
      'DTSTART;TZID=Europe/Berlin:20261222T140000',
      'DTEND;TZID=Europe/Berlin:20261222T150000',
      'SEQUENCE:1',
    ],
    [
      'UID:ny-call@example.org',
      'SUMMARY:New York call',
      'DTSTART;TZID=America/New_York:20261210T090000',
      'DTEND;TZID=America/New_York:20261210T100000',
      'RRULE:FREQ=WEEKLY;BYDAY=TH',
    ],
    [
      'UID:ny-call@example.org',
      'SUMMARY:New York call',
      'RECURRENCE-ID;TZID=America/New_York:20261217T090000',
      'DTSTART;TZID=America/New_York:20261217T090000',
      'DTEND;TZID=America/New_York:20261217T100000',
      'STATUS:CANCELLED',
      'SEQUENCE:1',
    ],
    [
      'UID:free-time@example.org',
      'SUMMARY:Reading (shown as free)',
      'DTSTART;TZID=Europe/Berlin:20261209T100000',
      'DTEND;TZID=Europe/Berlin:20261209T110000',
      'TRANSP:TRANSPARENT',
    ],
    [
      'UID:called-off@example.org',
      'SUMMARY:Called off',
      'DTSTART;TZID=Europe/Berlin:20261209T140000',
      'DTEND;TZID=Europe/Berlin:20261209T150000',
      'STATUS:CANCELLED',
    ],
  ],
  { vtimezones: [BERLIN_VTIMEZONE, NEW_YORK_VTIMEZONE], xWrTimezone: 'Europe/Berlin' },
);

/** VEVENTs in `WORK_CALENDAR` (series, overrides and single events). */
export const WORK_CALENDAR_EVENTS = 6;

/** A calendar with one 09:00–10:00 UTC meeting every day since 2020: busy whatever today is. */
export const DAILY_MEETING = ics([
  [
    'UID:daily@example.org',
    'DTSTART:20200101T090000Z',
    'DTEND:20200101T100000Z',
    'RRULE:FREQ=DAILY',
  ],
]);
