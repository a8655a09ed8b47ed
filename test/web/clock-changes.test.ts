import { describe, expect, it } from 'vitest';
import { clockChangeOn, clockChangeText, zoneCaption } from '../../src/web/clock-changes.ts';

describe('the offset of the week on screen, and the day the clocks change', () => {
  it('names the week’s offset, not today’s (New York, week of 15 Mar 2027)', () => {
    expect(zoneCaption('America/New_York', '2027-03-15', '2027-03-21')).toBe(
      'Times in America/New_York (UTC\u221204:00)',
    );
    expect(zoneCaption('America/New_York', '2026-12-07', '2026-12-13')).toBe(
      'Times in America/New_York (UTC\u221205:00)',
    );
  });

  it('marks the day the clocks change within the range', () => {
    expect(zoneCaption('America/New_York', '2027-03-08', '2027-03-14')).toBe(
      'Times in America/New_York (UTC\u221205:00; from Sun 14 Mar UTC\u221204:00)',
    );
    expect(clockChangeOn('America/New_York', '2027-03-14')).toEqual({
      date: '2027-03-14',
      before: -300,
      after: -240,
    });
    expect(clockChangeOn('America/New_York', '2027-03-13')).toBeNull();
    expect(clockChangeText(clockChangeOn('America/New_York', '2027-03-14')!)).toBe(
      'Clocks change: UTC\u221205:00 → UTC\u221204:00',
    );
  });

  it.each([
    ['Europe/Berlin', '2027-03-28', 60, 120],
    ['Pacific/Auckland', '2027-04-04', 780, 720],
    ['Australia/Lord_Howe', '2026-10-04', 630, 660],
    ['America/Santiago', '2026-09-06', -240, -180],
  ])('%s changes on %s (%i → %i)', (zone, date, before, after) => {
    expect(clockChangeOn(zone, date)).toEqual({ date, before, after });
  });

  it('finds no change in zones without DST (Kolkata)', () => {
    expect(zoneCaption('Asia/Kolkata', '2027-03-01', '2027-04-11')).toBe(
      'Times in Asia/Kolkata (UTC+05:30)',
    );
  });
});
