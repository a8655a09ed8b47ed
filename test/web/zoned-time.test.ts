import { describe, expect, it } from 'vitest';
import {
  instantOfWall,
  isoOffset,
  offsetLabel,
  offsetMinutes,
  wallAt,
  wallInZone,
  withOffset,
} from '../../src/web/zoned-time.ts';

describe('wall times and instants in a zone (the grid shows the specialist’s zone)', () => {
  it('draws a New York 09:00 block at 14:00 on a London grid', () => {
    expect(wallInZone('2026-12-23T09:00:00-05:00', 'Europe/London')).toBe('2026-12-23T14:00:00');
    expect(wallInZone('2026-12-23T09:00:00-05:00', 'America/New_York')).toBe('2026-12-23T09:00:00');
  });

  it('crosses the date line both ways', () => {
    expect(wallInZone('2026-12-07T09:00:00+13:00', 'America/New_York')).toBe('2026-12-06T15:00:00');
    expect(wallInZone('2026-12-07T20:00:00-05:00', 'Pacific/Auckland')).toBe('2026-12-08T14:00:00');
  });

  it('writes offsets as RFC 3339 does, and labels them with a real minus sign', () => {
    expect(isoOffset(60)).toBe('+01:00');
    expect(isoOffset(-300)).toBe('-05:00');
    expect(isoOffset(330)).toBe('+05:30');
    expect(isoOffset(0)).toBe('+00:00');
    expect(offsetLabel(-300)).toBe('UTC\u221205:00');
    expect(offsetLabel(345)).toBe('UTC+05:45');
  });

  describe.each([
    // zone, a plain wall time, its offset there
    ['Europe/Berlin', '2026-12-07T09:00:00', 60],
    ['America/New_York', '2026-12-07T09:00:00', -300],
    ['Asia/Kolkata', '2026-12-07T09:00:00', 330],
    ['Pacific/Auckland', '2026-12-07T09:00:00', 780],
    ['Asia/Kathmandu', '2026-12-07T09:00:00', 345],
    ['Australia/Lord_Howe', '2026-12-07T09:00:00', 660],
  ] as const)('%s', (zone, wall, offset) => {
    it('round-trips a wall time through its instant', () => {
      const t = instantOfWall(wall, zone);
      expect(wallAt(t, zone)).toBe(wall);
      expect(offsetMinutes(zone, t)).toBe(offset);
      expect(withOffset(wall, zone)).toBe(`${wall}${isoOffset(offset)}`);
    });
  });

  describe('DST nights, read as the API reads them (RFC 5545 §3.3.5)', () => {
    it('moves a time in the spring gap forward by the gap (New York 02:30 → 03:30 EDT)', () => {
      const t = instantOfWall('2027-03-14T02:30:00', 'America/New_York');
      expect(new Date(t).toISOString()).toBe('2027-03-14T07:30:00.000Z');
      expect(withOffset('2027-03-14T02:30:00', 'America/New_York')).toBe(
        '2027-03-14T03:30:00-04:00',
      );
    });

    it('takes the first instant of an ambiguous autumn time (New York 01:30 EDT)', () => {
      const t = instantOfWall('2026-11-01T01:30:00', 'America/New_York');
      expect(new Date(t).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    });

    it('handles a half-hour change (Lord Howe, 02:00 → 02:30 on 4 Oct 2026)', () => {
      expect(withOffset('2026-10-04T02:15:00', 'Australia/Lord_Howe')).toBe(
        '2026-10-04T02:45:00+11:00',
      );
      expect(withOffset('2026-10-04T03:00:00', 'Australia/Lord_Howe')).toBe(
        '2026-10-04T03:00:00+11:00',
      );
    });

    it('handles a change at midnight (Santiago, 00:00 → 01:00 on 6 Sep 2026)', () => {
      expect(withOffset('2026-09-06T00:30:00', 'America/Santiago')).toBe(
        '2026-09-06T01:30:00-03:00',
      );
      expect(withOffset('2026-09-05T23:30:00', 'America/Santiago')).toBe(
        '2026-09-05T23:30:00-04:00',
      );
    });
  });
});
