import { describe, expect, it } from 'vitest';
import { expandBusyCalendar } from '../../src/domain/busy-time/expand-busy-calendar.ts';
import { LIMITS, WINDOW } from './support/busy-window.ts';
import { ics, spans } from './support/ics-builder.ts';
import { VTIMEZONES } from './support/vtimezones.ts';

// Expected instants written out by hand from each zone's 2026 rules (not computed by the code),
// one-hour events. Gap: the wall time does not exist → moved forward by the gap (RFC 5545 §3.3.5).
// Fold: the wall time exists twice → the earlier instant (the first occurrence of that time).
const CASES = [
  {
    zone: 'Europe/Berlin',
    weekly: {
      lines: ['DTSTART;TZID=Europe/Berlin:20260321T090000', 'RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=3'],
      expected: ['2026-03-21T08:00Z', '2026-03-28T08:00Z', '2026-04-04T07:00Z'],
    },
    gap: {
      lines: ['DTSTART;TZID=Europe/Berlin:20260328T023000', 'RRULE:FREQ=DAILY;COUNT=3'],
      expected: ['2026-03-28T01:30Z', '2026-03-29T01:30Z', '2026-03-30T00:30Z'], // 29th: 03:30 CEST
    },
    fold: {
      lines: ['DTSTART;TZID=Europe/Berlin:20261024T023000', 'RRULE:FREQ=DAILY;COUNT=3'],
      expected: ['2026-10-24T00:30Z', '2026-10-25T00:30Z', '2026-10-26T01:30Z'], // 25th: +02, not +01
    },
  },
  {
    zone: 'America/New_York',
    weekly: {
      lines: ['DTSTART;TZID=America/New_York:20261025T090000', 'RRULE:FREQ=WEEKLY;COUNT=3'],
      expected: ['2026-10-25T13:00Z', '2026-11-01T14:00Z', '2026-11-08T14:00Z'],
    },
    gap: {
      lines: ['DTSTART;TZID=America/New_York:20260307T023000', 'RRULE:FREQ=DAILY;COUNT=3'],
      expected: ['2026-03-07T07:30Z', '2026-03-08T07:30Z', '2026-03-09T06:30Z'], // 8th: 03:30 EDT
    },
    fold: {
      lines: ['DTSTART;TZID=America/New_York:20261031T013000', 'RRULE:FREQ=DAILY;COUNT=3'],
      expected: ['2026-10-31T05:30Z', '2026-11-01T05:30Z', '2026-11-02T06:30Z'], // 1st: EDT
    },
  },
  {
    zone: 'Australia/Sydney',
    weekly: {
      lines: [
        'DTSTART;TZID=Australia/Sydney:20260329T090000',
        'RRULE:FREQ=WEEKLY;BYDAY=SU;COUNT=3',
      ],
      expected: ['2026-03-28T22:00Z', '2026-04-04T23:00Z', '2026-04-11T23:00Z'],
    },
    gap: {
      lines: ['DTSTART;TZID=Australia/Sydney:20261003T023000', 'RRULE:FREQ=DAILY;COUNT=3'],
      expected: ['2026-10-02T16:30Z', '2026-10-03T16:30Z', '2026-10-04T15:30Z'], // 4th: 03:30 AEDT
    },
    fold: {
      lines: ['DTSTART;TZID=Australia/Sydney:20260404T023000', 'RRULE:FREQ=DAILY;COUNT=3'],
      expected: ['2026-04-03T15:30Z', '2026-04-04T15:30Z', '2026-04-05T16:30Z'], // 5th: AEDT
    },
  },
] as const;

const SOURCES = [
  { source: 'the tz database (TZID without VTIMEZONE)', withVTimezone: false },
  { source: "the calendar's VTIMEZONE", withVTimezone: true },
] as const;

describe.each(CASES)('$zone', ({ zone, ...cases }) => {
  describe.each(SOURCES)('placed through $source', ({ withVTimezone }) => {
    const starts = (lines: readonly string[]) => {
      const text = ics([[...lines, 'DURATION:PT1H']], {
        vtimezones: withVTimezone ? [VTIMEZONES[zone]!] : [],
      });
      const { intervals, warnings } = expandBusyCalendar(text, WINDOW, LIMITS);
      expect(warnings).toEqual([]);
      expect(intervals.every((i) => i.endMs - i.startMs === 3_600_000)).toBe(true);
      return spans(intervals).map((s) => s.slice(0, 17));
    };

    it('keeps a weekly rule at its local time across the DST change', () => {
      expect(starts(cases.weekly.lines)).toEqual(cases.weekly.expected);
    });

    it('moves an instance in the spring gap forward by the gap', () => {
      expect(starts(cases.gap.lines)).toEqual(cases.gap.expected);
    });

    it('reads an instance in the autumn fold with the earlier offset', () => {
      expect(starts(cases.fold.lines)).toEqual(cases.fold.expected);
    });
  });
});
