import { describe, expect, it } from 'vitest';
import {
  BusyCalendarError,
  expandBusyCalendar,
} from '../../src/domain/busy-time/expand-busy-calendar.ts';
import { LIMITS, WINDOW } from './support/busy-window.ts';
import { ics, spans } from './support/ics-builder.ts';

/** The error `expandBusyCalendar` throws for `text`, or a failure if it returns. */
function failure(text: string, limits: { maxIntervals: number; maxEvents?: number } = LIMITS) {
  try {
    expandBusyCalendar(text, WINDOW, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(BusyCalendarError);
    return err as BusyCalendarError;
  }
  throw new Error('expected a BusyCalendarError');
}

describe('malformed input', () => {
  it.each([
    ['an empty text', ''],
    ['plain text', 'hello'],
    ['an HTML error page', '<html><body>502 Bad Gateway</body></html>'],
    ['a vCard', 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anna\r\nEND:VCARD\r\n'],
    ['a truncated download', 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260302T090000Z\r\n'],
  ])('%s is malformed', (_name, text) => {
    expect(failure(text).code).toBe('malformed');
  });

  it('skips an event without a usable DTSTART with a warning, keeping the others', () => {
    const text = ics([
      ['UID:broken', 'DTSTART:2026-03-02', 'DTEND:20260302T100000Z'],
      ['UID:fine', 'DTSTART:20260302T090000Z', 'DTEND:20260302T100000Z'],
    ]);
    const result = expandBusyCalendar(text, WINDOW, LIMITS);
    expect(spans(result.intervals)).toEqual(['2026-03-02T09:00Z/2026-03-02T10:00Z']);
    expect(result.warnings).toEqual(['event "broken": no readable DTSTART; skipped']);
  });

  it('ignores an RRULE it cannot read, with a warning, rather than the whole calendar', () => {
    // ical.js alone rejects the whole file for one such rule.
    const text = ics([
      ['DTSTART:20260302T090000Z', 'DTEND:20260302T100000Z', 'RRULE:FREQ=FORTNIGHTLY'],
    ]);
    const result = expandBusyCalendar(text, WINDOW, LIMITS);
    expect(spans(result.intervals)).toEqual(['2026-03-02T09:00Z/2026-03-02T10:00Z']);
    expect(result.warnings).toEqual([
      'RRULE:FREQ=FORTNIGHTLY cannot be read (invalid frequency "FORTNIGHTLY" expected: "SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY"); ignored',
    ]);
  });

  it('reads a lower-case RRULE (RFC 5545 values are case-insensitive; ical.js is not)', () => {
    const text = ics([
      ['DTSTART:20260302T090000Z', 'DTEND:20260302T100000Z', 'RRULE:freq=daily;count=2'],
    ]);
    expect(expandBusyCalendar(text, WINDOW, LIMITS).intervals).toHaveLength(2);
  });

  it('rejects a window that is empty or not finite (a caller bug)', () => {
    const text = ics([]);
    expect(() => expandBusyCalendar(text, { fromMs: 5, toMs: 5 }, LIMITS)).toThrow(RangeError);
    expect(() => expandBusyCalendar(text, { fromMs: 0, toMs: Infinity }, LIMITS)).toThrow(
      RangeError,
    );
  });
});

describe('limits', () => {
  it('stops at maxEvents before parsing: too_many_events', () => {
    const event = ['DTSTART:20260302T090000Z', 'DTEND:20260302T100000Z'];
    expect(
      failure(ics([event, event, event, event]), { maxIntervals: 1000, maxEvents: 3 }),
    ).toMatchObject({
      code: 'too_many_events',
      details: { maxEvents: 3 },
    });
    expect(
      expandBusyCalendar(ics([event, event, event]), WINDOW, { maxIntervals: 1000, maxEvents: 3 })
        .events,
    ).toBe(3);
  });

  it('stops a million events at the default maxEvents', () => {
    const million = `BEGIN:VCALENDAR\r\n${'BEGIN:VEVENT\r\nEND:VEVENT\r\n'.repeat(1_000_000)}END:VCALENDAR\r\n`;
    expect(failure(million, { maxIntervals: 1000 }).code).toBe('too_many_events');
  });

  it('stops a runaway rule at maxIntervals: too_many_intervals naming the event', () => {
    const everySecond = [
      'UID:runaway',
      'DTSTART:20260302T090000Z',
      'DTEND:20260302T090001Z',
      'RRULE:FREQ=SECONDLY',
    ];
    expect(failure(ics([everySecond]), { maxIntervals: 10_000 })).toMatchObject({
      code: 'too_many_intervals',
      details: { maxIntervals: 10_000, uid: 'runaway' },
    });
  });

  it('makes a COUNT rule pay for the periods it walks to reach the window', () => {
    const since1990 = [
      'UID:walker',
      'DTSTART:19900101T090000Z',
      'DURATION:PT1M',
      'RRULE:FREQ=MINUTELY;COUNT=100000000',
    ];
    expect(failure(ics([since1990]), { maxIntervals: 50_000 }).code).toBe('too_many_intervals');
  });

  it('counts occurrences across all events of the calendar', () => {
    const weekly = (i: number) => [
      `UID:w${i}`,
      'DTSTART:20260302T090000Z',
      'DTEND:20260302T100000Z',
      'RRULE:FREQ=WEEKLY',
    ];
    const text = ics(Array.from({ length: 30 }, (_, i) => weekly(i))); // 57 Mondays each
    expect(failure(text, { maxIntervals: 1000 }).code).toBe('too_many_intervals');
    expect(expandBusyCalendar(text, WINDOW, { maxIntervals: 2500 }).intervals).toHaveLength(57);
  });

  it('ends a rule that can never match at its DTSTART (ical.js loops forever on it)', () => {
    const february30 = [
      'DTSTART:20260302T090000Z',
      'DTEND:20260302T100000Z',
      'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
    ];
    expect(spans(expandBusyCalendar(ics([february30]), WINDOW, LIMITS).intervals)).toEqual([
      '2026-03-02T09:00Z/2026-03-02T10:00Z',
    ]);
  });

  it('does not expand what blocks nothing: a transparent or zero-length runaway is free', () => {
    const transparent = [
      'DTSTART:20260302T090000Z',
      'DTEND:20260302T090001Z',
      'RRULE:FREQ=SECONDLY',
      'TRANSP:TRANSPARENT',
    ];
    const reminder = ['DTSTART:20260302T090000Z', 'RRULE:FREQ=SECONDLY'];
    expect(
      expandBusyCalendar(ics([transparent, reminder]), WINDOW, { maxIntervals: 100 }).intervals,
    ).toEqual([]);
  });
});
