import { describe, expect, it } from 'vitest';
import { defaultCreateDate } from '../../src/web/default-create-date.ts';
import { itemTime, listDays, type ListItem } from '../../src/web/list-days.ts';
import { nextRange } from '../../src/web/next-range.ts';
import { pageViewOf, viewForScreen } from '../../src/web/page-view.ts';
import { readState, stateQuery } from '../../src/web/url-state.ts';

/** "Today" in these tests: the suite's pinned now, Wednesday 2 December 2026. */
const TODAY = '2026-12-02';

describe('"Add availability" starts on a day that is not gone', () => {
  it.each([
    ['the month on screen holds today', '2026-12-01', '2026-12-31', TODAY],
    ['a later week', '2026-12-14', '2026-12-20', '2026-12-14'],
    ['a later month', '2027-01-01', '2027-01-31', '2027-01-01'],
    ['an earlier week', '2026-11-02', '2026-11-08', TODAY],
  ])('%s', (_, start, end, expected) => {
    expect(defaultCreateDate(TODAY, start, end)).toBe(expected);
  });
});

describe('views and ranges', () => {
  it('prefetches the next day, week or month grid', () => {
    expect(nextRange('2026-12-09', '2026-12-09')).toEqual(['2026-12-10', '2026-12-10']);
    expect(nextRange('2026-12-07', '2026-12-13')).toEqual(['2026-12-14', '2026-12-20']);
    expect(nextRange('2026-11-30', '2027-01-10')).toEqual(['2026-12-28', '2027-02-07']);
  });

  it('turns a week into a day on a phone and keeps the view in the address', () => {
    expect(viewForScreen('week', true)).toBe('day');
    expect(viewForScreen('week', false)).toBe('week');
    expect(viewForScreen('list', true)).toBe('list');
    expect(pageViewOf('listWeek')).toBe('list');
    expect(readState('?specialist=3&date=2026-12-07&view=list')).toEqual({
      specialist: 3,
      date: '2026-12-07',
      view: 'list',
    });
    expect(readState('?view=year').view).toBe('week');
    expect(stateQuery({ specialist: 3, date: '2026-12-09', view: 'day' })).toBe(
      '?specialist=3&date=2026-12-09&view=day',
    );
  });

  it('lists every day of the week with its blocks in time order', () => {
    const item = (id: string, start: string, end: string): ListItem => ({
      id,
      title: id,
      start,
      end,
      edited: false,
      readonly: false,
      otherZone: false,
    });
    const days = listDays('2026-12-07', 7, [
      item('late', '2026-12-09T15:00:00', '2026-12-09T16:00:00'),
      item('early', '2026-12-09T08:00:00', '2026-12-09T09:30:00'),
      item('night', '2026-12-12T22:00:00', '2026-12-13T02:00:00'),
    ]);
    expect(days.map((d) => d.label)).toEqual([
      'Mon 7 Dec',
      'Tue 8 Dec',
      'Wed 9 Dec',
      'Thu 10 Dec',
      'Fri 11 Dec',
      'Sat 12 Dec',
      'Sun 13 Dec',
    ]);
    expect(days[2]?.items.map((i) => i.id)).toEqual(['early', 'late']);
    expect(days[0]?.items).toEqual([]);
    expect(itemTime(days[5]!.items[0]!)).toBe('22:00–Sun 13 Dec 02:00');
  });
});
