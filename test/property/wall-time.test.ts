import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { dstNightArb, scheduleCaseArb, windowArb } from './arbitraries.ts';
import { seriesOf, windowMs, type ScheduleCase } from './support.ts';

/** Checks every occurrence of `c` in its window; counts the gap and fold cases met. */
function checkWallTimes(
  c: ScheduleCase & { w: { start: string; end: string } },
  seen: { gaps: number; folds: number },
): void {
  const [fromMs, toMs] = windowMs(c.zone, c.w);
  const time = Temporal.PlainTime.from(c.dtstart.slice(11));
  for (const o of seriesOf(c).overlapping(fromMs, toMs, 100_000)) {
    const zoned = Temporal.Instant.fromEpochMilliseconds(o.startMs).toZonedDateTimeISO(c.zone);
    // The wall time the rule asks for on that day (a gap shift stays within the day here).
    const nominal = zoned.toPlainDate().toPlainDateTime(time);
    const earlier = nominal.toZonedDateTime(c.zone, { disambiguation: 'earlier' });
    const later = nominal.toZonedDateTime(c.zone, { disambiguation: 'later' });
    if (!earlier.toPlainDateTime().equals(nominal)) {
      // Gap: the wall time moves forward by the offset after minus the offset before.
      seen.gaps++;
      const gapNs = later.offsetNanoseconds - earlier.offsetNanoseconds;
      expect(zoned.toPlainDateTime().toString()).toBe(
        nominal.add({ nanoseconds: gapNs }).toString(),
      );
    } else {
      if (earlier.epochMilliseconds !== later.epochMilliseconds) seen.folds++;
      expect(zoned.toPlainDateTime().toString()).toBe(nominal.toString());
      expect(o.startMs).toBe(earlier.epochMilliseconds);
    }
  }
}

describe('local wall time of occurrences', () => {
  it("equals DTSTART's for random rules, zones and windows (gap: shifted forward; fold: earlier offset)", () => {
    const seen = { gaps: 0, folds: 0 };
    fc.assert(
      fc.property(
        scheduleCaseArb.chain((c) => windowArb(c.dtstart).map((w) => ({ ...c, w }))),
        (c) => checkWallTimes(c, seen),
      ),
      { numRuns: 300 },
    );
  });

  it('on DST nights: the gap time moves forward by the gap, the fold time takes the earlier offset', () => {
    const seen = { gaps: 0, folds: 0 };
    fc.assert(
      fc.property(dstNightArb, (c) => checkWallTimes(c, seen)),
      { numRuns: 150 },
    );
    expect(seen.gaps).toBeGreaterThan(10);
    expect(seen.folds).toBeGreaterThan(10);
  });
});
