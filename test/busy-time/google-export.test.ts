import { describe, expect, it } from 'vitest';
import { expandBusyCalendar } from '../../src/domain/busy-time/expand-busy-calendar.ts';
import { LIMITS, WINDOW } from './support/busy-window.ts';
import { occurrencesOf, readFixture } from './support/fixtures.ts';
import { spans } from './support/ics-builder.ts';

// A Google Calendar "secret address in iCal format" export: X-WR-TIMEZONE Europe/Berlin,
// VTIMEZONEs for Berlin and New York, "now" pinned to 2026-03-01 (window 2026-02-28 … 2027-04-05).
// Expected instants are written out by hand from the 2026 rules: Berlin +01 until 29 March 01:00Z
// and from 25 October 01:00Z, +02 between; New York −05, −04 from 8 March to 1 November.
const FEED = readFixture('google-berlin-export.ics');
const of = (uid: string) => occurrencesOf(FEED, `${uid}@google.com`);

describe('Google Calendar export', () => {
  it('reads every VEVENT without warnings', () => {
    const result = expandBusyCalendar(FEED, WINDOW, LIMITS);
    expect(result.events).toBe(26);
    expect(result.warnings).toEqual([]);
  });

  it('keeps a weekly rule at 09:00 Berlin time across both DST changes', () => {
    const team = of('weekly-team-sync');
    expect(team).toContain('2026-03-23T08:00Z/2026-03-23T09:00Z'); // CET
    expect(team).toContain('2026-04-13T07:00Z/2026-04-13T08:00Z'); // CEST
    expect(team).toContain('2026-10-19T07:00Z/2026-10-19T08:00Z'); // CEST
    expect(team).toContain('2026-10-26T08:00Z/2026-10-26T09:00Z'); // CET again
    expect(team.at(-1)).toBe('2027-03-29T07:00Z/2027-03-29T08:00Z'); // after 28 March 2027
  });

  it('drops the instances named by a multi-valued EXDATE', () => {
    const team = of('weekly-team-sync');
    expect(team.filter((s) => s.startsWith('2026-04-06') || s.startsWith('2026-12-28'))).toEqual(
      [],
    );
    // 57 Mondays in the window − 2 EXDATEs − 4 overridden + 2 moved here (31 March, 3 March)
    expect(team).toHaveLength(53);
  });

  it('moves an instance overridden by RECURRENCE-ID', () => {
    const team = of('weekly-team-sync');
    expect(team.some((s) => s.startsWith('2026-03-30'))).toBe(false);
    expect(team).toContain('2026-03-31T12:00Z/2026-03-31T13:00Z'); // Tuesday 14:00 CEST
  });

  it('removes an instance whose override is STATUS:CANCELLED', () => {
    expect(of('weekly-team-sync').some((s) => s.startsWith('2026-05-04'))).toBe(false);
  });

  it('frees an instance whose override is TRANSP:TRANSPARENT', () => {
    expect(of('weekly-team-sync').some((s) => s.startsWith('2026-06-15'))).toBe(false);
  });

  it('keeps an instance moved into the window from before it, and drops one moved out', () => {
    const team = of('weekly-team-sync');
    expect(team).toContain('2026-03-03T11:00Z/2026-03-03T12:00Z'); // was 23 February
    expect(team.some((s) => s.startsWith('2026-09-07'))).toBe(false); // moved to 26 February
  });

  it('follows New York DST for a Tuesday/Thursday rule and includes an UNTIL that hits an instance', () => {
    const calls = of('ny-client-call');
    expect(calls.slice(0, 3)).toEqual([
      '2026-03-03T16:00Z/2026-03-03T16:45Z', // EST
      '2026-03-05T16:00Z/2026-03-05T16:45Z',
      '2026-03-10T15:00Z/2026-03-10T15:45Z', // EDT from 8 March
    ]);
    expect(calls).toContain('2026-10-29T15:00Z/2026-10-29T15:45Z');
    expect(calls).toContain('2026-11-03T16:00Z/2026-11-03T16:45Z'); // EST from 1 November
    expect(calls.at(-1)).toBe('2026-11-19T16:00Z/2026-11-19T16:45Z'); // UNTIL=20261119T160000Z
    expect(calls.some((s) => s.startsWith('2026-07-02'))).toBe(false); // EXDATE
    expect(calls).toHaveLength(75);
  });

  it('counts COUNT=10 working days across the spring change, with DURATION', () => {
    expect(of('standup-count')).toEqual([
      '2026-03-23T07:30Z/2026-03-23T07:45Z',
      '2026-03-24T07:30Z/2026-03-24T07:45Z',
      '2026-03-25T07:30Z/2026-03-25T07:45Z',
      '2026-03-26T07:30Z/2026-03-26T07:45Z',
      '2026-03-27T07:30Z/2026-03-27T07:45Z',
      '2026-03-30T06:30Z/2026-03-30T06:45Z',
      '2026-03-31T06:30Z/2026-03-31T06:45Z',
      '2026-04-01T06:30Z/2026-04-01T06:45Z',
      '2026-04-02T06:30Z/2026-04-02T06:45Z',
      '2026-04-03T06:30Z/2026-04-03T06:45Z',
    ]);
  });

  it('expands a monthly last-Friday rule up to its UNTIL', () => {
    const last = of('monthly-last-friday');
    expect(last[0]).toBe('2026-03-27T15:00Z/2026-03-27T16:30Z');
    expect(last[1]).toBe('2026-04-24T14:00Z/2026-04-24T15:30Z');
    expect(last.at(-1)).toBe('2026-12-25T15:00Z/2026-12-25T16:30Z');
    expect(last).toHaveLength(10);
  });

  it('blocks whole local days for all-day events, single and recurring', () => {
    expect(of('vacation-easter')).toEqual(['2026-04-14T22:00Z/2026-04-17T22:00Z']);
    const teaching = of('teaching-day');
    expect(teaching[0]).toBe('2026-03-03T23:00Z/2026-03-04T23:00Z'); // a CET day
    expect(teaching[1]).toBe('2026-03-31T22:00Z/2026-04-01T22:00Z'); // a CEST day
    expect(teaching).toHaveLength(8);
  });

  it('lets TRANSP:TRANSPARENT and STATUS:CANCELLED events block nothing', () => {
    expect(of('birthday-transparent')).toEqual([]);
    expect(of('focus-time-transparent')).toEqual([]);
    expect(of('cancelled-dentist')).toEqual([]);
  });

  it('reads a UTC event as its instant and a floating one in X-WR-TIMEZONE', () => {
    expect(of('conference-utc')).toEqual(['2026-05-12T07:00Z/2026-05-14T15:00Z']);
    expect(of('floating-workshop')).toEqual(['2026-06-01T08:00Z/2026-06-01T09:30Z']);
  });

  it('moves an instance in the spring gap forward by the gap', () => {
    expect(of('sunday-early-gap')).toEqual([
      '2026-03-15T01:30Z/2026-03-15T02:30Z',
      '2026-03-22T01:30Z/2026-03-22T02:30Z',
      '2026-03-29T01:30Z/2026-03-29T02:30Z', // 02:30 does not exist: 03:30–04:30 CEST
      '2026-04-05T00:30Z/2026-04-05T01:30Z',
    ]);
  });

  it('places a TZID without a VTIMEZONE through the tz database (Sydney DST ends 5 April)', () => {
    const webinar = of('sydney-webinar');
    expect(webinar.slice(4, 6)).toEqual([
      '2026-04-02T07:00Z/2026-04-02T08:00Z', // 18:00 AEDT
      '2026-04-09T08:00Z/2026-04-09T09:00Z', // 18:00 AEST
    ]);
    expect(webinar).toContain('2026-10-08T07:00Z/2026-10-08T08:00Z'); // AEDT from 4 October
    expect(webinar).toHaveLength(40);
  });

  it('adds an RDATE instance to a COUNT rule', () => {
    expect(of('rdate-extra')).toEqual([
      '2026-09-02T13:00Z/2026-09-02T14:00Z',
      '2026-09-09T13:00Z/2026-09-09T14:00Z',
      '2026-09-12T08:00Z/2026-09-12T09:00Z',
      '2026-09-16T13:00Z/2026-09-16T14:00Z',
    ]);
  });

  it('applies the RFC 5545 defaults without DTEND: a date lasts a day, a date-time nothing', () => {
    expect(of('no-dtend-date')).toEqual(['2026-05-19T22:00Z/2026-05-20T22:00Z']);
    expect(of('no-dtend-datetime')).toEqual([]);
  });

  it('merges overlapping and touching events and clips to the window', () => {
    const intervals = spans(expandBusyCalendar(FEED, WINDOW, LIMITS).intervals);
    expect(intervals).toContain('2026-06-10T08:00Z/2026-06-10T11:00Z'); // A 08–09, B 08:30–10, C 10–11
    expect(intervals[0]).toBe('2026-02-28T00:00Z/2026-03-01T23:00Z'); // the trip, from the window start
    expect(intervals.at(-1)).toBe('2027-04-04T22:00Z/2027-04-05T00:00Z'); // the flight, to the window end
  });
});
