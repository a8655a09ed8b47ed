import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/domain/time/date-time.ts';
import '../support/fast-check-seed.ts';

/** What Temporal itself says: RFC 3339 to the second with the offset in force. */
function temporalFormat(epochMs: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(epochMs)
    .toZonedDateTimeISO(timeZone)
    .toString({ smallestUnit: 'second', timeZoneName: 'never' });
}

/** The zone's transitions in `[fromYear, toYear]`, as epoch ms. */
function transitions(timeZone: string, fromYear: number, toYear: number): number[] {
  const out: number[] = [];
  let at = Temporal.ZonedDateTime.from({ timeZone, year: fromYear, month: 1, day: 1 });
  const end = Date.UTC(toYear + 1, 0, 1);
  for (;;) {
    const next = at.getTimeZoneTransition('next');
    if (!next || next.epochMilliseconds >= end) return out;
    out.push(next.epochMilliseconds);
    at = next;
  }
}

const MINUTE = 60_000;
/** Either side of a transition, and on it: where a cached offset would go wrong. */
const AROUND = [-60 * MINUTE, -30 * MINUTE, -1000, -1, 0, 1, 999, 30 * MINUTE, 60 * MINUTE];

// The instants of the DST changes named by meaning, with what a person there reads.
const BERLIN_2026_SPRING_FORWARD = Date.parse('2026-03-29T01:00:00Z');
const NEW_YORK_2026_FALL_BACK = Date.parse('2026-11-01T06:00:00Z');
const SYDNEY_2026_FALL_BACK = Date.parse('2026-04-04T16:00:00Z');
const LORD_HOWE_2026_HALF_HOUR_BACK = Date.parse('2026-04-04T15:00:00Z');

describe('formatInstant at named DST changes', () => {
  it.each([
    [
      'Europe/Berlin',
      BERLIN_2026_SPRING_FORWARD,
      '2026-03-29T01:59:59+01:00',
      '2026-03-29T03:00:00+02:00',
    ],
    [
      'America/New_York',
      NEW_YORK_2026_FALL_BACK,
      '2026-11-01T01:59:59-04:00',
      '2026-11-01T01:00:00-05:00',
    ],
    [
      'Australia/Sydney',
      SYDNEY_2026_FALL_BACK,
      '2026-04-05T02:59:59+11:00',
      '2026-04-05T02:00:00+10:00',
    ],
    [
      'Australia/Lord_Howe',
      LORD_HOWE_2026_HALF_HOUR_BACK,
      '2026-04-05T01:59:59+11:00',
      '2026-04-05T01:30:00+10:30',
    ],
  ])('%s: the last second before and the first instant after', (zone, at, before, after) => {
    expect(formatInstant(at - 1000, zone)).toBe(before);
    expect(formatInstant(at, zone)).toBe(after);
  });
});

describe.each(['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Australia/Lord_Howe'])(
  'formatInstant in %s agrees with Temporal',
  (zone) => {
    it('around every transition from 1970 to 2040, visited latest first', () => {
      const all = transitions(zone, 1970, 2040);
      expect(all.length).toBeGreaterThan(100);
      for (const t of all.reverse())
        for (const d of AROUND)
          expect(formatInstant(t + d, zone)).toBe(temporalFormat(t + d, zone));
    });

    it('at random instants from 1900 to 2200, in random order', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 11, 31) }),
          (ms) => {
            expect(formatInstant(ms, zone)).toBe(temporalFormat(ms, zone));
          },
        ),
        { numRuns: 2000 },
      );
    });
  },
);
