import { describe, expect, it } from 'vitest';
import { expandBusyOccurrences } from '../../src/domain/busy-time/busy-occurrences.ts';
import { expandBusyCalendar } from '../../src/domain/busy-time/expand-busy-calendar.ts';
import { LIMITS, WINDOW } from './support/busy-window.ts';
import { ics, spans } from './support/ics-builder.ts';
import { readFixture } from './support/fixtures.ts';

// RFC 5545 details one at a time, in Europe/Berlin (+01, +02 from 29 March 2026 01:00Z).
const BERLIN = { xWrTimezone: 'Europe/Berlin' };
const busy = (events: string[][], options = BERLIN) =>
  spans(expandBusyCalendar(ics(events, options), WINDOW, LIMITS).intervals);
const series = (extra: string[]) => [
  'UID:series',
  'DTSTART;TZID=Europe/Berlin:20260302T090000',
  'DTEND;TZID=Europe/Berlin:20260302T100000',
  'RRULE:FREQ=DAILY;COUNT=3',
  ...extra,
];

describe('RFC 5545 details', () => {
  it('adds DURATION as nominal days on the wall clock, then exact time (§3.3.6)', () => {
    // P1DT1H from 12:00 CET on 28 March: the day is 23 hours long, so 12:00 CEST + 1 h.
    expect(busy([['DTSTART;TZID=Europe/Berlin:20260328T120000', 'DURATION:P1DT1H']])).toEqual([
      '2026-03-28T11:00Z/2026-03-29T11:00Z',
    ]);
  });

  it('gives every instance the exact length of DTSTART–DTEND (§3.8.5.3)', () => {
    const nights = [
      'DTSTART;TZID=Europe/Berlin:20260321T220000',
      'DTEND;TZID=Europe/Berlin:20260322T040000',
      'RRULE:FREQ=WEEKLY;COUNT=2',
    ];
    expect(busy([nights])).toEqual([
      '2026-03-21T21:00Z/2026-03-22T03:00Z',
      '2026-03-28T21:00Z/2026-03-29T03:00Z', // six hours: until 05:00 CEST
    ]);
  });

  it('makes DTSTART the first instance even off the rule, and counts it (§3.8.5.3)', () => {
    // Monday 2 March, then Tuesdays: COUNT=3 is the Monday and two Tuesdays.
    const starts = busy([
      [
        'DTSTART;TZID=Europe/Berlin:20260302T090000',
        'DTEND;TZID=Europe/Berlin:20260302T100000',
        'RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3',
      ],
    ]);
    expect(starts).toEqual([
      '2026-03-02T08:00Z/2026-03-02T09:00Z',
      '2026-03-03T08:00Z/2026-03-03T09:00Z',
      '2026-03-10T08:00Z/2026-03-10T09:00Z',
    ]);
  });

  it('includes the whole day of a DATE UNTIL, and reads a floating UNTIL on the wall clock', () => {
    const until = (value: string) =>
      busy([
        [
          'DTSTART;TZID=Europe/Berlin:20260302T180000',
          'DTEND;TZID=Europe/Berlin:20260302T190000',
          `RRULE:FREQ=DAILY;UNTIL=${value}`,
        ],
      ]);
    expect(until('20260304')).toHaveLength(3);
    expect(until('20260304T180000')).toHaveLength(3);
    expect(until('20260304T165959Z')).toHaveLength(2); // 18:00 CET is 17:00Z
  });

  it('keeps a UTC rule at its instant across DST (X-WR-TIMEZONE does not move it)', () => {
    const utcWeekly = [
      'DTSTART:20260323T080000Z',
      'DTEND:20260323T090000Z',
      'RRULE:FREQ=WEEKLY;COUNT=2',
    ];
    expect(busy([utcWeekly])).toEqual([
      '2026-03-23T08:00Z/2026-03-23T09:00Z',
      '2026-03-30T08:00Z/2026-03-30T09:00Z',
    ]);
  });

  it('matches EXDATE as an instant whatever its zone, and a DATE EXDATE by local day', () => {
    expect(busy([series(['EXDATE:20260303T080000Z'])])).toEqual([
      '2026-03-02T08:00Z/2026-03-02T09:00Z',
      '2026-03-04T08:00Z/2026-03-04T09:00Z',
    ]);
    expect(busy([series(['EXDATE;VALUE=DATE:20260303'])])).toEqual([
      '2026-03-02T08:00Z/2026-03-02T09:00Z',
      '2026-03-04T08:00Z/2026-03-04T09:00Z',
    ]);
  });

  it('gives an RDATE PERIOD its own end', () => {
    expect(busy([series(['RDATE;VALUE=PERIOD:20260310T120000Z/PT2H'])]).at(-1)).toBe(
      '2026-03-10T12:00Z/2026-03-10T14:00Z',
    );
  });

  it('lets an override without DTEND or DURATION last as long as its series', () => {
    const moved = [
      'UID:series',
      'RECURRENCE-ID;TZID=Europe/Berlin:20260303T090000',
      'DTSTART;TZID=Europe/Berlin:20260303T150000',
    ];
    expect(busy([series([]), moved])).toContain('2026-03-03T14:00Z/2026-03-03T15:00Z');
  });

  it('takes the override with the higher SEQUENCE when two name the same instance', () => {
    const override = (sequence: number, hour: string) => [
      'UID:series',
      'RECURRENCE-ID;TZID=Europe/Berlin:20260303T090000',
      `DTSTART;TZID=Europe/Berlin:20260303T${hour}0000`,
      `DTEND;TZID=Europe/Berlin:20260303T${hour}3000`,
      `SEQUENCE:${sequence}`,
    ];
    expect(busy([series([]), override(2, '15'), override(1, '16')])).toEqual([
      '2026-03-02T08:00Z/2026-03-02T09:00Z',
      '2026-03-03T14:00Z/2026-03-03T14:30Z',
      '2026-03-04T08:00Z/2026-03-04T09:00Z',
    ]);
  });

  it('lets overrides block on their own: without a series, beyond COUNT, under a cancelled series', () => {
    const override = (rid: string) => [
      'UID:series',
      `RECURRENCE-ID;TZID=Europe/Berlin:${rid}`,
      `DTSTART;TZID=Europe/Berlin:${rid.slice(0, 9)}170000`,
      `DTEND;TZID=Europe/Berlin:${rid.slice(0, 9)}180000`,
    ];
    expect(busy([override('20260303T090000')])).toEqual(['2026-03-03T16:00Z/2026-03-03T17:00Z']);
    expect(busy([series([]), override('20260310T090000')]).at(-1)).toBe(
      '2026-03-10T16:00Z/2026-03-10T17:00Z',
    );
    expect(busy([series(['STATUS:CANCELLED']), override('20260303T090000')])).toEqual([
      '2026-03-03T16:00Z/2026-03-03T17:00Z',
    ]);
  });

  it('reads RANGE=THISANDFUTURE as overriding its own instance only, with a warning', () => {
    const text = ics(
      [
        series([]),
        [
          'UID:series',
          'RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20260303T090000',
          'DTSTART;TZID=Europe/Berlin:20260303T110000',
          'DTEND;TZID=Europe/Berlin:20260303T120000',
        ],
      ],
      BERLIN,
    );
    const result = expandBusyCalendar(text, WINDOW, LIMITS);
    expect(spans(result.intervals)).toEqual([
      '2026-03-02T08:00Z/2026-03-02T09:00Z',
      '2026-03-03T10:00Z/2026-03-03T11:00Z',
      '2026-03-04T08:00Z/2026-03-04T09:00Z',
    ]);
    expect(result.warnings).toEqual([
      'event "series": RANGE=THISANDFUTURE is read as overriding only its own instance',
    ]);
  });

  it('expands sub-daily rules', () => {
    const slots = [
      'DTSTART:20260302T090000Z',
      'DURATION:PT10M',
      'RRULE:FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10;COUNT=5',
    ];
    expect(busy([slots])).toEqual([
      '2026-03-02T09:00Z/2026-03-02T09:10Z',
      '2026-03-02T09:20Z/2026-03-02T09:30Z',
      '2026-03-02T09:40Z/2026-03-02T09:50Z',
      '2026-03-02T10:00Z/2026-03-02T10:10Z',
      '2026-03-02T10:20Z/2026-03-02T10:30Z',
    ]);
  });

  it('blocks nothing for DTEND before DTSTART, with a warning', () => {
    const text = ics([['DTSTART:20260302T090000Z', 'DTEND:20260302T080000Z']]);
    const result = expandBusyCalendar(text, WINDOW, LIMITS);
    expect(result.intervals).toEqual([]);
    expect(result.warnings).toEqual([
      'event "event-0": DTEND is before DTSTART; it blocks nothing',
    ]);
  });

  it('reads LF line endings and folded lines as CRLF ones', () => {
    const crlf = readFixture('google-berlin-export.ics').replace(/\r?\n/g, '\r\n');
    const lf = crlf.replace(/\r\n/g, '\n');
    expect(expandBusyOccurrences(lf, WINDOW, LIMITS)).toEqual(
      expandBusyOccurrences(crlf, WINDOW, LIMITS),
    );
  });

  it('reads every VCALENDAR of a text that concatenates several', () => {
    const one = ics([['DTSTART:20260302T090000Z', 'DTEND:20260302T100000Z']]);
    const two = ics([['UID:other', 'DTSTART:20260303T090000Z', 'DTEND:20260303T100000Z']]);
    const result = expandBusyCalendar(one + two, WINDOW, LIMITS);
    expect(result.events).toBe(2);
    expect(spans(result.intervals)).toEqual([
      '2026-03-02T09:00Z/2026-03-02T10:00Z',
      '2026-03-03T09:00Z/2026-03-03T10:00Z',
    ]);
  });

  it("does not depend on the process's local time zone", () => {
    const text = readFixture('google-berlin-export.ics');
    const before = expandBusyCalendar(text, WINDOW, LIMITS);
    const saved = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati'; // +14: any use of local time would show
    try {
      expect(expandBusyCalendar(text, WINDOW, LIMITS)).toEqual(before);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
