import { describe, expect, it } from 'vitest';
import type { Conflict } from '../../src/web/api-client.ts';
import { conflictMessage, conflictsOf } from '../../src/web/conflict-message.ts';

const TITLES = new Map([
  [1, 'Weekly TT'],
  [2, 'Monthly 2nd Tue'],
  [3, 'Saturday clinic'],
]);

const clash = (schedule_id: number, date: string, tz = '+01:00'): Conflict => ({
  schedule_id,
  start_datetime: `${date}T09:00:00${tz}`,
  end_datetime: `${date}T10:00:00${tz}`,
});

describe('a 409 in words, grouped by series', () => {
  it('names a single clash with its time', () => {
    expect(conflictMessage([clash(3, '2026-12-12')], TITLES, 'Europe/Berlin')).toBe(
      'Overlaps Saturday clinic, Sat 12 Dec 09:00–10:00. Nothing was changed.',
    );
  });

  it('counts the clashes of each series and names the first', () => {
    const months = ['2026-12-08', '2027-01-12', '2027-02-09', '2027-03-09', '2027-04-13'];
    const list = [
      clash(1, '2026-12-01'),
      ...months.map((d) => clash(2, d)),
      clash(1, '2026-12-03'),
    ];
    expect(conflictMessage(list, TITLES, 'Europe/Berlin')).toBe(
      'Overlaps Weekly TT: 2 times, first Tue 1 Dec 09:00–10:00; Monthly 2nd Tue: 5 times, first Tue 8 Dec 09:00–10:00. Nothing was changed.',
    );
  });

  it('tells the times in the grid’s zone (a New York block on a London grid)', () => {
    expect(conflictMessage([clash(3, '2026-12-23', '-05:00')], TITLES, 'Europe/London')).toBe(
      'Overlaps Saturday clinic, Wed 23 Dec 14:00–15:00. Nothing was changed.',
    );
  });

  it('says when the server’s list of 20 may not be all', () => {
    const list = Array.from({ length: 20 }, (_, i) =>
      clash(2, `2027-${String((i % 12) + 1).padStart(2, '0')}-0${(i % 9) + 1}`),
    );
    expect(conflictMessage(list, TITLES, 'Europe/Berlin')).toMatch(
      /^Overlaps Monthly 2nd Tue: 20 times, first .*\(the first 20 clashes; there may be more\)\. Nothing was changed\.$/,
    );
  });

  it('falls back to ids and to a general sentence', () => {
    expect(conflictMessage([clash(9, '2026-12-12')], TITLES, 'Europe/Berlin')).toBe(
      'Overlaps schedule #9, Sat 12 Dec 09:00–10:00. Nothing was changed.',
    );
    expect(conflictMessage([], TITLES, 'Europe/Berlin')).toBe(
      'This overlaps other availability. Nothing was changed.',
    );
    expect(conflictsOf(null)).toEqual([]);
    expect(conflictsOf({ conflicts: [clash(1, '2026-12-01')] })).toHaveLength(1);
  });
});
