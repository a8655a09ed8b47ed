import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { parseRule } from '../../src/domain/recurrence/parse-rule.ts';
import { expand } from '../recurrence/support.ts';

/**
 * Found by the ical.js differential property test. RFC 5545 §3.3.10: BYDAY is a list whose
 * entries select days together; in FREQ=YEARLY without BYMONTH/BYWEEKNO a plain "MO" is every
 * Monday of the year and "1MO" the first, so "MO,1MO" is every Monday. rrule-temporal (like
 * rrule.js and python-dateutil) yields only the ordinal days there. FREQ=MONTHLY is right.
 * Until the library is fixed Recurra refuses the YEARLY mix with a clear 400 instead of
 * silently publishing the wrong days.
 */
describe('FREQ=YEARLY with plain and ordinal BYDAY entries', () => {
  it('is refused with a message saying how to write it instead', () => {
    expect(() => parseRule('FREQ=YEARLY;BYDAY=MO,1MO')).toThrow(
      /all plain \(MO\) or all with ordinals/,
    );
    expect(() => parseRule({ freq: 'YEARLY', byweekday: ['1TU', 'MO'] })).toThrow(DomainError);
  });

  it('all-plain YEARLY BYDAY is every such weekday; MONTHLY may mix', () => {
    expect(
      expand('UTC', '2026-01-05T09:00:00', 'FREQ=YEARLY;BYDAY=MO', ['2026-01-01', '2026-01-31']),
    ).toEqual([
      '2026-01-05T09:00:00+00:00',
      '2026-01-12T09:00:00+00:00',
      '2026-01-19T09:00:00+00:00',
      '2026-01-26T09:00:00+00:00',
    ]);
    expect(
      expand('UTC', '2026-01-05T09:00:00', 'FREQ=MONTHLY;BYDAY=MO,1MO', [
        '2026-01-01',
        '2026-01-31',
      ]),
    ).toHaveLength(4);
  });
});
