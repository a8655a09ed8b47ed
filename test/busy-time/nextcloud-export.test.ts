import { describe, expect, it } from 'vitest';
import { expandBusyCalendar } from '../../src/domain/busy-time/expand-busy-calendar.ts';
import { LIMITS, WINDOW } from './support/busy-window.ts';
import { occurrencesOf, readFixture } from './support/fixtures.ts';

// A Nextcloud (Apple-style) export for a Sydney practice: a VTIMEZONE for Australia/Sydney whose
// observances start in 2008, no X-WR-TIMEZONE. Sydney is +11 until 5 April 2026 03:00 local, +10
// until 4 October 02:00 local, then +11. "Now" is 2026-03-01.
const FEED = readFixture('nextcloud-sydney.ics');
const of = (uid: string) => occurrencesOf(FEED, uid);

describe('Nextcloud export in Australia/Sydney', () => {
  it('reads every VEVENT without warnings', () => {
    const result = expandBusyCalendar(FEED, WINDOW, LIMITS);
    expect(result.events).toBe(8);
    expect(result.warnings).toEqual([]);
  });

  it('keeps a Sunday 09:00 rule local across the April and October changes', () => {
    const clinic = of('sydney-sunday-clinic');
    expect(clinic.slice(0, 3)).toEqual([
      '2026-03-21T22:00Z/2026-03-22T01:00Z', // +11
      '2026-03-28T22:00Z/2026-03-29T01:00Z',
      '2026-04-04T23:00Z/2026-04-05T02:00Z', // +10 from 5 April
    ]);
    expect(clinic).toContain('2026-09-26T23:00Z/2026-09-27T02:00Z');
    expect(clinic).toContain('2026-10-03T22:00Z/2026-10-04T01:00Z'); // +11 from 4 October
    expect(clinic.at(-1)).toBe('2026-10-24T22:00Z/2026-10-25T01:00Z'); // UNTIL 2026-10-31T13:00Z
  });

  it('moves a daily 02:30 instance forward out of the October gap', () => {
    expect(of('sydney-daily-gap')).toEqual([
      '2026-10-01T16:30Z/2026-10-01T17:30Z',
      '2026-10-02T16:30Z/2026-10-02T17:30Z',
      '2026-10-03T16:30Z/2026-10-03T17:30Z', // 4 October 02:30 does not exist: 03:30 AEDT
      '2026-10-04T15:30Z/2026-10-04T16:30Z',
    ]);
  });

  it('expands an HOURLY rule', () => {
    expect(of('sydney-hourly-slots')).toEqual([
      '2026-05-04T23:00Z/2026-05-04T23:30Z',
      '2026-05-05T01:00Z/2026-05-05T01:30Z',
      '2026-05-05T03:00Z/2026-05-05T03:30Z',
      '2026-05-05T05:00Z/2026-05-05T05:30Z',
    ]);
  });

  it('reads all-day and floating times in UTC when there is no X-WR-TIMEZONE', () => {
    expect(of('sydney-allday-utc')).toEqual(['2026-07-01T00:00Z/2026-07-03T00:00Z']);
    expect(of('sydney-floating-utc')).toEqual(['2026-07-08T14:00Z/2026-07-08T15:00Z']);
  });

  it('places an IANA TZID without a VTIMEZONE across the Berlin autumn change', () => {
    expect(of('berlin-iana-without-vtimezone')).toEqual([
      '2026-10-21T15:00Z/2026-10-21T16:00Z',
      '2026-10-28T16:00Z/2026-10-28T17:00Z',
      '2026-11-04T16:00Z/2026-11-04T17:00Z',
    ]);
  });

  it('expands a yearly last-Saturday rule once in the window; tentative blocks', () => {
    expect(of('sydney-yearly')).toEqual(['2026-09-26T00:00Z/2026-09-26T06:00Z']);
    expect(of('sydney-tentative')).toEqual(['2026-04-08T22:00Z/2026-04-08T23:15Z']);
  });
});
