import { describe, expect, it } from 'vitest';
import { expandBusyCalendar } from '../../src/domain/busy-time/expand-busy-calendar.ts';
import { LIMITS, WINDOW } from './support/busy-window.ts';
import { WINDOWS_ZONES } from '../../src/domain/busy-time/windows-zones.ts';
import { isTimeZone } from '../../src/domain/time/time-zone.ts';
import { ics, spans } from './support/ics-builder.ts';

// Which zone a TZID means: the calendar's VTIMEZONE, else an IANA name, else a Windows name,
// else a Mozilla-style path's IANA tail, else the calendar zone (with a warning).
const at = (tzid: string) => [
  `DTSTART;TZID=${tzid}:20260302T090000`,
  `DTEND;TZID=${tzid}:20260302T100000`,
];
const run = (text: string) => {
  const result = expandBusyCalendar(text, WINDOW, LIMITS);
  return { busy: spans(result.intervals), warnings: result.warnings };
};
const vtimezone = (tzid: string, observances: string[]) =>
  ['BEGIN:VTIMEZONE', `TZID:${tzid}`, ...observances, 'END:VTIMEZONE'].join('\r\n');

describe('zone resolution', () => {
  it("prefers the calendar's VTIMEZONE over the tz database for the same TZID", () => {
    const odd = vtimezone('Europe/Berlin', [
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0500',
      'TZOFFSETTO:+0500',
      'END:STANDARD',
    ]);
    expect(run(ics([at('Europe/Berlin')], { vtimezones: [odd] })).busy).toEqual([
      '2026-03-02T04:00Z/2026-03-02T05:00Z',
    ]);
  });

  it('reads a VTIMEZONE of one-off observances (no RRULE), as some exporters write them', () => {
    const berlin2026 = vtimezone('Berlin 2026', [
      'BEGIN:STANDARD',
      'DTSTART:20251026T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'RDATE:20261025T030000',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:20260329T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'END:DAYLIGHT',
    ]);
    const weekly = [...at('Berlin 2026'), 'RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20261103T000000Z'];
    const { busy, warnings } = run(ics([weekly], { vtimezones: [berlin2026] }));
    expect(warnings).toEqual([]);
    expect(busy).toContain('2026-03-23T08:00Z/2026-03-23T09:00Z');
    expect(busy).toContain('2026-03-30T07:00Z/2026-03-30T08:00Z');
    expect(busy).toContain('2026-10-19T07:00Z/2026-10-19T08:00Z');
    expect(busy.at(-1)).toBe('2026-11-02T08:00Z/2026-11-02T09:00Z');
  });

  it('falls back to the tz database, with a warning, when a VTIMEZONE cannot be used', () => {
    const broken = vtimezone('Europe/Berlin', [
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'END:STANDARD',
    ]);
    const { busy, warnings } = run(ics([at('Europe/Berlin')], { vtimezones: [broken] }));
    expect(busy).toEqual(['2026-03-02T08:00Z/2026-03-02T09:00Z']);
    expect(warnings).toEqual([
      'VTIMEZONE Europe/Berlin: an observance lacks a DTSTART date-time, TZOFFSETFROM or TZOFFSETTO; using the tz database for "Europe/Berlin" where it can',
    ]);
  });

  it('maps Windows zone names and Mozilla-style paths without a VTIMEZONE', () => {
    expect(run(ics([at('"Tokyo Standard Time"')])).busy).toEqual([
      '2026-03-02T00:00Z/2026-03-02T01:00Z',
    ]);
    expect(run(ics([at('/mozilla.org/20050126_1/America/New_York')])).busy).toEqual([
      '2026-03-02T14:00Z/2026-03-02T15:00Z',
    ]);
  });

  it('reads an unknown TZID in the calendar zone, with one warning', () => {
    const text = ics([at('Mars/Olympus_Mons'), at('Mars/Olympus_Mons')], {
      xWrTimezone: 'Europe/Berlin',
    });
    expect(run(text)).toEqual({
      busy: ['2026-03-02T08:00Z/2026-03-02T09:00Z'],
      warnings: [
        'TZID "Mars/Olympus_Mons" is neither defined by a VTIMEZONE nor a known IANA or Windows zone: read in Europe/Berlin',
      ],
    });
  });

  it('falls back to UTC, with a warning, for an unknown X-WR-TIMEZONE', () => {
    const allDay = ['DTSTART;VALUE=DATE:20260302', 'DTEND;VALUE=DATE:20260303'];
    expect(run(ics([allDay], { xWrTimezone: 'Nowhere/Special' }))).toEqual({
      busy: ['2026-03-02T00:00Z/2026-03-03T00:00Z'],
      warnings: [
        'X-WR-TIMEZONE "Nowhere/Special" is not a known zone: all-day and floating times read in UTC',
      ],
    });
  });

  it('reads all-day events in X-WR-TIMEZONE, which may also be a Windows name', () => {
    const allDay = ['DTSTART;VALUE=DATE:20260302', 'DTEND;VALUE=DATE:20260303'];
    expect(run(ics([allDay], { xWrTimezone: 'America/New_York' })).busy).toEqual([
      '2026-03-02T05:00Z/2026-03-03T05:00Z',
    ]);
    expect(run(ics([allDay], { xWrTimezone: 'W. Europe Standard Time' })).busy).toEqual([
      '2026-03-01T23:00Z/2026-03-02T23:00Z',
    ]);
  });

  it('maps every Windows zone of the CLDR table to a zone this runtime knows', () => {
    const unknown = Object.entries(WINDOWS_ZONES).filter(([, iana]) => !isTimeZone(iana));
    expect(unknown).toEqual([]);
    expect(Object.keys(WINDOWS_ZONES).length).toBeGreaterThan(130);
  });
});
