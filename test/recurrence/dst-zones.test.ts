import { describe, expect, it } from 'vitest';
import { expand } from './support.ts';

// Expected values written out by hand from each zone's 2026 rules, not computed by the engine.
// Gap: the local time does not exist → moved forward by the gap. Fold: the earlier offset.
const CASES = [
  {
    zone: 'Europe/Berlin',
    weekly: {
      dtstart: '2026-03-21T09:00:00',
      rule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=3',
      window: ['2026-03-16', '2026-04-12'],
      expected: [
        '2026-03-21T09:00:00+01:00',
        '2026-03-28T09:00:00+01:00',
        '2026-04-04T09:00:00+02:00',
      ],
    },
    gap: {
      dtstart: '2026-03-28T02:30:00',
      window: ['2026-03-23', '2026-03-31'],
      expected: [
        '2026-03-28T02:30:00+01:00',
        '2026-03-29T03:30:00+02:00',
        '2026-03-30T02:30:00+02:00',
      ],
    },
    fold: {
      dtstart: '2026-10-24T02:30:00',
      window: ['2026-10-19', '2026-10-31'],
      expected: [
        '2026-10-24T02:30:00+02:00',
        '2026-10-25T02:30:00+02:00',
        '2026-10-26T02:30:00+01:00',
      ],
    },
  },
  {
    zone: 'America/New_York',
    weekly: {
      dtstart: '2026-10-25T09:00:00',
      rule: 'FREQ=WEEKLY;COUNT=3',
      window: ['2026-10-19', '2026-11-15'],
      expected: [
        '2026-10-25T09:00:00-04:00',
        '2026-11-01T09:00:00-05:00',
        '2026-11-08T09:00:00-05:00',
      ],
    },
    gap: {
      dtstart: '2026-03-07T02:30:00',
      window: ['2026-03-02', '2026-03-10'],
      expected: [
        '2026-03-07T02:30:00-05:00',
        '2026-03-08T03:30:00-04:00',
        '2026-03-09T02:30:00-04:00',
      ],
    },
    fold: {
      dtstart: '2026-10-31T01:30:00',
      window: ['2026-10-26', '2026-11-08'],
      expected: [
        '2026-10-31T01:30:00-04:00',
        '2026-11-01T01:30:00-04:00',
        '2026-11-02T01:30:00-05:00',
      ],
    },
  },
  {
    zone: 'Australia/Sydney',
    weekly: {
      dtstart: '2026-03-29T09:00:00',
      rule: 'FREQ=WEEKLY;COUNT=3',
      window: ['2026-03-23', '2026-04-19'],
      expected: [
        '2026-03-29T09:00:00+11:00',
        '2026-04-05T09:00:00+10:00',
        '2026-04-12T09:00:00+10:00',
      ],
    },
    gap: {
      dtstart: '2026-10-03T02:30:00',
      window: ['2026-09-28', '2026-10-06'],
      expected: [
        '2026-10-03T02:30:00+10:00',
        '2026-10-04T03:30:00+11:00',
        '2026-10-05T02:30:00+11:00',
      ],
    },
    fold: {
      dtstart: '2026-04-04T02:30:00',
      window: ['2026-03-30', '2026-04-07'],
      expected: [
        '2026-04-04T02:30:00+11:00',
        '2026-04-05T02:30:00+11:00',
        '2026-04-06T02:30:00+10:00',
      ],
    },
  },
  {
    // A 30-minute DST shift: the gap is 02:00–02:30, the fold 01:30–02:00.
    zone: 'Australia/Lord_Howe',
    weekly: {
      dtstart: '2026-09-27T09:00:00',
      rule: 'FREQ=WEEKLY;COUNT=3',
      window: ['2026-09-21', '2026-10-18'],
      expected: [
        '2026-09-27T09:00:00+10:30',
        '2026-10-04T09:00:00+11:00',
        '2026-10-11T09:00:00+11:00',
      ],
    },
    gap: {
      dtstart: '2026-10-03T02:15:00',
      window: ['2026-09-28', '2026-10-06'],
      expected: [
        '2026-10-03T02:15:00+10:30',
        '2026-10-04T02:45:00+11:00',
        '2026-10-05T02:15:00+11:00',
      ],
    },
    fold: {
      dtstart: '2026-04-04T01:45:00',
      window: ['2026-03-30', '2026-04-07'],
      expected: [
        '2026-04-04T01:45:00+11:00',
        '2026-04-05T01:45:00+11:00',
        '2026-04-06T01:45:00+10:30',
      ],
    },
  },
  {
    // No DST at all, and a 45-minute offset: every day the same.
    zone: 'Asia/Kathmandu',
    weekly: {
      dtstart: '2026-03-23T09:00:00',
      rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3',
      window: ['2026-03-23', '2026-04-12'],
      expected: [
        '2026-03-23T09:00:00+05:45',
        '2026-03-30T09:00:00+05:45',
        '2026-04-06T09:00:00+05:45',
      ],
    },
    gap: {
      dtstart: '2026-03-28T02:30:00',
      window: ['2026-03-28', '2026-03-30'],
      expected: [
        '2026-03-28T02:30:00+05:45',
        '2026-03-29T02:30:00+05:45',
        '2026-03-30T02:30:00+05:45',
      ],
    },
    fold: {
      dtstart: '2026-10-24T02:30:00',
      window: ['2026-10-24', '2026-10-26'],
      expected: [
        '2026-10-24T02:30:00+05:45',
        '2026-10-25T02:30:00+05:45',
        '2026-10-26T02:30:00+05:45',
      ],
    },
  },
] as const;

describe.each(CASES)('DST in $zone', ({ zone, weekly, gap, fold }) => {
  it('keeps a weekly 09:00 at 09:00 local across the change', () => {
    expect(expand(zone, weekly.dtstart, weekly.rule, [...weekly.window])).toEqual(weekly.expected);
  });

  it('moves an occurrence in the spring gap forward by the gap', () => {
    expect(expand(zone, gap.dtstart, 'FREQ=DAILY;COUNT=3', [...gap.window])).toEqual(gap.expected);
  });

  it('puts an occurrence in the autumn fold at the earlier offset', () => {
    expect(expand(zone, fold.dtstart, 'FREQ=DAILY;COUNT=3', [...fold.window])).toEqual(
      fold.expected,
    );
  });
});
