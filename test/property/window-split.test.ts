import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scheduleCaseArb, windowArb } from './arbitraries.ts';
import { HOUR_MS, seriesOf, windowMs } from './support.ts';

describe('splitting a window', () => {
  it('into two at any instant yields the same occurrences as the whole (one list, no gaps, no extras)', () => {
    fc.assert(
      fc.property(
        scheduleCaseArb.chain((c) =>
          windowArb(c.dtstart).chain((w) =>
            fc
              .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 48 }))
              .map(([at, hours]) => ({ ...c, w, at, durationMs: (hours * HOUR_MS) / 2 })),
          ),
        ),
        (c) => {
          const series = seriesOf(c, c.durationMs);
          const [fromMs, toMs] = windowMs(c.zone, c.w);
          const midMs = fromMs + Math.floor((toMs - fromMs) * c.at);
          const whole = series.overlapping(fromMs, toMs, 100_000);
          const left = series.overlapping(fromMs, midMs, 100_000);
          const right = series.overlapping(midMs, toMs, 100_000);
          // An occurrence running across the split point belongs to both halves: union by start.
          const union = [...new Map([...left, ...right].map((o) => [o.startMs, o])).values()].sort(
            (a, b) => a.startMs - b.startMs,
          );
          expect(union).toEqual(whole);
          for (const o of left) expect(o.startMs < midMs && o.endMs > fromMs).toBe(true);
          for (const o of right) expect(o.endMs > midMs && o.startMs < toMs).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
