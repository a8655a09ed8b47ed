import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { parseRule } from '../../src/domain/recurrence/parse-rule.ts';
import { Recurrence } from '../../src/domain/recurrence/recurrence.ts';
import { expand } from './support.ts';

const BERLIN = 'Europe/Berlin';

describe('series boundaries', () => {
  it('never yields an occurrence before DTSTART', () => {
    expect(
      expand(BERLIN, '2026-12-05T09:00:00', 'FREQ=WEEKLY;BYDAY=SA', ['2026-11-23', '2026-12-06']),
    ).toEqual(['2026-12-05T09:00:00+01:00']);
  });

  it('counts DTSTART as the first occurrence even when the rule would not select it', () => {
    // Tuesday DTSTART, Saturday rule: the contract says start_datetime is the first occurrence.
    expect(
      expand(BERLIN, '2026-12-01T09:00:00', 'FREQ=WEEKLY;BYDAY=SA;COUNT=2', [
        '2026-11-30',
        '2026-12-31',
      ]),
    ).toEqual(['2026-12-01T09:00:00+01:00', '2026-12-05T09:00:00+01:00']);
  });

  it('stops at UNTIL, inclusive of an UNTIL date', () => {
    expect(
      expand(BERLIN, '2026-12-05T09:00:00', 'FREQ=WEEKLY;BYDAY=SA;UNTIL=20261219', [
        '2026-12-01',
        '2027-01-31',
      ]),
    ).toEqual([
      '2026-12-05T09:00:00+01:00',
      '2026-12-12T09:00:00+01:00',
      '2026-12-19T09:00:00+01:00',
    ]);
  });

  it('stops after COUNT, wherever the window is', () => {
    expect(
      expand(BERLIN, '2026-12-05T09:00:00', 'FREQ=WEEKLY;COUNT=2', ['2026-12-08', '2027-01-31']),
    ).toEqual(['2026-12-12T09:00:00+01:00']);
  });

  it('skips exdates', () => {
    expect(
      expand(BERLIN, '2026-12-05T09:00:00', 'FREQ=WEEKLY', ['2026-12-01', '2026-12-31'], {
        exdates: ['2026-12-12T09:00:00', '2026-12-26T09:00:00'],
      }),
    ).toEqual(['2026-12-05T09:00:00+01:00', '2026-12-19T09:00:00+01:00']);
  });

  it('includes an occurrence that started before the window and ends inside it', () => {
    const hours = 3_600_000;
    // Friday 22:00 for 4 hours overlaps Saturday's window.
    expect(
      expand(BERLIN, '2026-12-04T22:00:00', 'FREQ=WEEKLY', ['2026-12-05', '2026-12-05'], {
        durationMs: 4 * hours,
      }),
    ).toEqual(['2026-12-04T22:00:00+01:00']);
    expect(
      expand(BERLIN, '2026-12-04T22:00:00', 'FREQ=WEEKLY', ['2026-12-05', '2026-12-05'], {
        durationMs: 2 * hours,
      }),
    ).toEqual([]);
  });

  it('expands a one-off event as its single occurrence', () => {
    expect(expand(BERLIN, '2026-12-05T09:00:00', null, ['2026-12-01', '2026-12-31'])).toEqual([
      '2026-12-05T09:00:00+01:00',
    ]);
  });

  it('finds the same weekday and time 20 years after DTSTART', () => {
    expect(
      expand(BERLIN, '2026-01-03T09:00:00', 'FREQ=WEEKLY;BYDAY=SA', ['2046-01-01', '2046-01-07']),
    ).toEqual(['2046-01-06T09:00:00+01:00']);
  });

  it('answers quickly for a rule that never occurs again (February 30th)', () => {
    expect(
      expand(BERLIN, '2026-12-05T09:00:00', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', [
        '2027-01-01',
        '2027-12-31',
      ]),
    ).toEqual([]);
  });

  it('reports the lifetime of COUNT and UNTIL series, and none for endless ones', () => {
    const def = {
      dtstart: '2026-12-05T09:00:00',
      timeZone: BERLIN,
      durationMs: 3_600_000,
    };
    expect(new Recurrence({ ...def, rule: parseRule('FREQ=WEEKLY;COUNT=3') }).lifetime()).toEqual({
      startMs: Date.parse('2026-12-05T08:00:00Z'),
      endMs: Date.parse('2026-12-19T09:00:00Z'),
    });
    expect(new Recurrence({ ...def, rule: parseRule('FREQ=WEEKLY') }).lifetime().endMs).toBeNull();
  });
});

describe('the safety limit on occurrences per window', () => {
  it('throws range_too_large beyond the limit, and not at it', () => {
    const series = new Recurrence({
      rule: parseRule('FREQ=DAILY'),
      dtstart: '2026-01-01T09:00:00',
      timeZone: BERLIN,
      durationMs: 3_600_000,
    });
    const from = Date.parse('2026-01-01T00:00:00Z');
    const to = from + 10 * 86_400_000;
    expect(series.overlapping(from, to, 10)).toHaveLength(10);
    expect(() => series.overlapping(from, to, 9)).toThrow(DomainError);
    expect(() => series.overlapping(from, to, 9)).toThrow(/more than 9 occurrences/);
  });
});
