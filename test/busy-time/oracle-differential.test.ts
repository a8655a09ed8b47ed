import { beforeAll, describe, expect, it } from 'vitest';
import { expandBusyOccurrences } from '../../src/domain/busy-time/busy-occurrences.ts';
import { expandBusyCalendar } from '../../src/domain/busy-time/expand-busy-calendar.ts';
import { LIMITS, WINDOW } from './support/busy-window.ts';
import { readFixture } from './support/fixtures.ts';
import { ics, spans } from './support/ics-builder.ts';
import { runOracle, type OracleAnswer } from './support/oracle.ts';
import { syntheticFeed } from './support/synthetic-feed.ts';

// Differential test against an independent implementation: Debian's python3-icalendar +
// python3-recurring-ical-events (dateutil rules, pytz zones), run by /usr/bin/python3 over the same
// text and window (oracle/busy_oracle.py). Exact equality, per event and after merging. The fixtures
// avoid the oracle's two known differences, shown at the end: pytz reads an ambiguous autumn wall
// time as the later instant, RFC 5545 (and this code, see dst-zones.test.ts) as the earlier one;
// dateutil judges a UTC UNTIL with DTSTART's offset, an hour off across a DST change.
const FEEDS = [
  { name: 'Google export (Berlin)', text: readFixture('google-berlin-export.ics') },
  { name: 'Outlook export (Windows zone names)', text: readFixture('outlook-windows-zones.ics') },
  { name: 'Nextcloud export (Sydney)', text: readFixture('nextcloud-sydney.ics') },
  { name: 'synthetic feed of 300 events (fixed seed)', text: syntheticFeed(300) },
];

const perEvent = (list: ReadonlyArray<{ uid: string; startMs: number; endMs: number }>) =>
  [...list].map((o) => `${o.uid} ${spans([o])[0]}`).sort();

describe.each(FEEDS)('oracle agrees: $name', ({ text }) => {
  let oracle: OracleAnswer;
  beforeAll(() => {
    oracle = runOracle(text, WINDOW);
  });

  it('on every occurrence of every event', () => {
    const mine = expandBusyOccurrences(text, WINDOW, LIMITS).occurrences;
    expect(perEvent(mine)).toEqual(perEvent(oracle.occurrences));
  });

  it('on the merged busy intervals', () => {
    const mine = expandBusyCalendar(text, WINDOW, LIMITS).intervals;
    expect(spans(mine)).toEqual(spans(oracle.intervals));
    expect(mine.length).toBeGreaterThan(0);
  });
});

describe("the oracle's known difference", () => {
  it('reads a fold wall time as the later instant, where RFC 5545 takes the earlier', () => {
    // 25 October 2026, 02:30 in Berlin happens twice: 00:30Z (CEST) and 01:30Z (CET).
    const fold = ics([
      [
        'UID:fold',
        'DTSTART;TZID=Europe/Berlin:20261025T023000',
        'DTEND;TZID=Europe/Berlin:20261025T040000',
      ],
    ]);
    expect(spans(runOracle(fold, WINDOW).intervals)).toEqual([
      '2026-10-25T01:30Z/2026-10-25T03:00Z',
    ]);
    expect(spans(expandBusyCalendar(fold, WINDOW, LIMITS).intervals)).toEqual([
      '2026-10-25T00:30Z/2026-10-25T03:00Z',
    ]);
  });

  it('judges a UTC UNTIL with the DTSTART offset, dropping an instance across DST', () => {
    // Mondays 19:00 New York from February (EST); UNTIL 2026-05-18T23:59:59Z. On 18 May, 19:00
    // EDT is 23:00Z, before UNTIL: RFC 5545 keeps it; read with EST (-05) it would be 00:00Z.
    const weekly = ics([
      [
        'UID:until',
        'DTSTART;TZID=America/New_York:20260209T190000',
        'DTEND;TZID=America/New_York:20260209T200000',
        'RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20260518T235959Z',
      ],
    ]);
    expect(spans(runOracle(weekly, WINDOW).intervals).at(-1)).toBe(
      '2026-05-11T23:00Z/2026-05-12T00:00Z',
    );
    expect(spans(expandBusyCalendar(weekly, WINDOW, LIMITS).intervals).at(-1)).toBe(
      '2026-05-18T23:00Z/2026-05-19T00:00Z',
    );
  });
});
