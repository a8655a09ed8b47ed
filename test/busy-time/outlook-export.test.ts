import { describe, expect, it } from 'vitest';
import { expandBusyCalendar } from '../../src/domain/busy-time/expand-busy-calendar.ts';
import { LIMITS, WINDOW } from './support/busy-window.ts';
import { occurrencesOf, readFixture } from './support/fixtures.ts';

// An Exchange / Outlook publish: Windows zone names as TZIDs, VTIMEZONEs whose observances start
// in 1601, a "Customized Time Zone" known only from its VTIMEZONE, one Windows name used without a
// VTIMEZONE, no X-WR-TIMEZONE (all-day events are UTC days). "Now" is 2026-03-01.
const FEED = readFixture('outlook-windows-zones.ics');
const of = (name: string) =>
  occurrencesOf(FEED, `040000008200E00074C5B7101A82E00800000000outlook-${name}`);

describe('Outlook export with Windows zone names', () => {
  it('reads every VEVENT without warnings', () => {
    const result = expandBusyCalendar(FEED, WINDOW, LIMITS);
    expect(result.events).toBe(8);
    expect(result.warnings).toEqual([]);
  });

  it('places "W. Europe Standard Time" through its VTIMEZONE across the spring change', () => {
    const jourFixe = of('jour-fixe');
    expect(jourFixe.slice(0, 4)).toEqual([
      '2026-03-04T09:00Z/2026-03-04T10:00Z', // 10:00 CET
      '2026-03-18T09:00Z/2026-03-18T10:00Z',
      '2026-04-02T13:30Z/2026-04-02T14:30Z', // the 1 April instance, moved by RECURRENCE-ID
      '2026-04-29T08:00Z/2026-04-29T09:00Z', // 10:00 CEST; 15 April is an EXDATE
    ]);
  });

  it('includes the instance a UTC UNTIL names exactly (biweekly, WKST=SU)', () => {
    const jourFixe = of('jour-fixe');
    expect(jourFixe.at(-1)).toBe('2026-12-09T09:00Z/2026-12-09T10:00Z'); // UNTIL=20261209T090000Z
    expect(jourFixe).toHaveLength(20);
  });

  it('places "Eastern Standard Time" through its VTIMEZONE across the autumn change', () => {
    expect(of('ny-quarterly')).toEqual([
      '2026-03-15T17:00Z/2026-03-15T18:30Z', // 13:00 EDT
      '2026-06-15T17:00Z/2026-06-15T18:30Z',
      '2026-09-15T17:00Z/2026-09-15T18:30Z',
      '2026-12-15T18:00Z/2026-12-15T19:30Z', // 13:00 EST
    ]);
  });

  it('maps a Windows zone name without a VTIMEZONE to its IANA zone', () => {
    expect(of('pacific-no-vtimezone')).toEqual([
      '2026-10-19T15:00Z/2026-10-19T15:30Z', // 08:00 PDT
      '2026-10-26T15:00Z/2026-10-26T15:30Z',
      '2026-11-02T16:00Z/2026-11-02T16:30Z', // 08:00 PST from 1 November
      '2026-11-09T16:00Z/2026-11-09T16:30Z',
      '2026-11-16T16:00Z/2026-11-16T16:30Z',
      '2026-11-23T16:00Z/2026-11-23T16:30Z',
    ]);
  });

  it('uses a TZID that only its VTIMEZONE defines ("Customized Time Zone")', () => {
    expect(of('custom-zone')).toEqual([
      '2026-03-20T13:00Z/2026-03-20T14:30Z',
      '2026-03-27T13:00Z/2026-03-27T14:30Z',
      '2026-04-03T12:00Z/2026-04-03T13:30Z', // after 29 March: +02
      '2026-04-10T12:00Z/2026-04-10T13:30Z',
      '2026-04-17T12:00Z/2026-04-17T13:30Z',
    ]);
  });

  it('blocks nothing for a free (transparent) series; tentative still blocks', () => {
    expect(of('free')).toEqual([]);
    expect(of('tentative')).toEqual(['2026-11-03T08:00Z/2026-11-03T11:00Z']);
  });

  it('reads all-day events as UTC days when the feed has no X-WR-TIMEZONE', () => {
    expect(of('oof-allday')).toEqual(['2026-08-10T00:00Z/2026-08-15T00:00Z']);
  });
});
