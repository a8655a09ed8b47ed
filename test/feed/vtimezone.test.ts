import ICAL from 'ical.js';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { buildVTimezone, zoneTransitions } from '../../src/domain/feed/vtimezone.ts';

const observances = (zone: string, from: number, to: number) =>
  buildVTimezone(zone, from, to)
    .getAllSubcomponents()
    .map(
      (c) =>
        `${c.name} ${c.getFirstProperty('dtstart')?.toICALString().split(':')[1]} ${
          c.getFirstProperty('tzoffsetfrom')?.toICALString().split(':')[1]
        }→${c.getFirstProperty('tzoffsetto')?.toICALString().split(':')[1]}`,
    );

describe('buildVTimezone', () => {
  it('Europe/Berlin 2026: the offset on 1 January, then the March and October changes at local wall time before each', () => {
    expect(observances('Europe/Berlin', 2026, 2026)).toEqual([
      'standard 20260101T000000 +0100→+0100',
      'daylight 20260329T020000 +0100→+0200',
      'standard 20261025T030000 +0200→+0100',
    ]);
  });

  it('Australia/Sydney starts the year on summer time: the first observance is DAYLIGHT', () => {
    expect(observances('Australia/Sydney', 2026, 2026)).toEqual([
      'daylight 20260101T000000 +1100→+1100',
      'standard 20260405T030000 +1100→+1000',
      'daylight 20261004T020000 +1000→+1100',
    ]);
  });

  it('Australia/Lord_Howe changes by half an hour', () => {
    expect(observances('Australia/Lord_Howe', 2026, 2026)).toEqual([
      'daylight 20260101T000000 +1100→+1100',
      'standard 20260405T020000 +1100→+1030',
      'daylight 20261004T020000 +1030→+1100',
    ]);
  });

  it.each(['Asia/Kathmandu', 'UTC'])('%s has no DST: a single STANDARD observance', (zone) => {
    expect(observances(zone, 2026, 2036)).toHaveLength(1);
    expect(zoneTransitions(zone, 2026, 2036).transitions).toEqual([]);
  });

  it('covers every year asked for: two changes a year in New York over 2026..2036', () => {
    expect(zoneTransitions('America/New_York', 2026, 2036).transitions).toHaveLength(22);
  });

  it('ical.js converts with it exactly as the runtime tz database does', () => {
    const tz = new ICAL.Timezone(buildVTimezone('America/New_York', 2025, 2036));
    for (const wall of [
      '2026-03-08T01:59:00',
      '2026-03-08T03:00:00',
      '2026-11-01T03:00:00',
      '2031-07-01T12:00:00',
    ]) {
      const t = ICAL.Time.fromDateTimeString(wall);
      t.zone = tz;
      const expected = Temporal.PlainDateTime.from(wall).toZonedDateTime('America/New_York');
      expect(t.toUnixTime() * 1000).toBe(expected.epochMilliseconds);
    }
  });
});
