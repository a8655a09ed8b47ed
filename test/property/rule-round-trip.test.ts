import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRule } from '../../src/domain/recurrence/format-rule.ts';
import { parseRule } from '../../src/domain/recurrence/parse-rule.ts';
import { Recurrence } from '../../src/domain/recurrence/recurrence.ts';
import { scheduleCaseArb, windowArb } from './arbitraries.ts';
import { HOUR_MS, windowMs } from './support.ts';

describe('object form ↔ RRULE string', () => {
  it('canonical text is a fixpoint, the string form parses to the same canonical text, and all expand alike', () => {
    fc.assert(
      fc.property(
        scheduleCaseArb.chain((c) => windowArb(c.dtstart).map((w) => ({ ...c, w }))),
        (c) => {
          const fromObject = parseRule(c.rule.object);
          const canonical = formatRule(fromObject, c.zone);
          const reparsed = parseRule(canonical);
          expect(formatRule(reparsed, c.zone)).toBe(canonical);
          expect(formatRule(parseRule(`RRULE:${canonical}`), c.zone)).toBe(canonical);
          // The string a client would write for the same rule: UNTIL as a date (RFC's DATE form).
          const text = c.rule.floatingText.replace(/UNTIL=(\d{8})T235959/, 'UNTIL=$1');
          expect(formatRule(parseRule(text), c.zone)).toBe(canonical);
          // Same fields apart from UNTIL's form (a date becomes the UTC instant ending that day).
          const { until: _u1, ...a } = fromObject;
          const { until: _u2, ...b } = reparsed;
          expect(b).toEqual(a);
          const [fromMs, toMs] = windowMs(c.zone, c.w);
          const expand = (rule: ReturnType<typeof parseRule>) =>
            new Recurrence({
              rule,
              dtstart: c.dtstart,
              timeZone: c.zone,
              durationMs: HOUR_MS,
            })
              .overlapping(fromMs, toMs, 100_000)
              .map((o) => o.startMs);
          expect(expand(reparsed)).toEqual(expand(fromObject));
        },
      ),
      { numRuns: 300 },
    );
  });
});
