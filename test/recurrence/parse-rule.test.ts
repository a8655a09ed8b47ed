import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { formatRule } from '../../src/domain/recurrence/format-rule.ts';
import { parseRule, parseRuleString } from '../../src/domain/recurrence/parse-rule.ts';

function rejection(input: string | Record<string, unknown>): string {
  try {
    parseRule(input);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('validation_error');
    return (e as DomainError).message;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('parsing RRULE strings', () => {
  it('accepts the value with or without the RRULE: prefix, in any case', () => {
    expect(parseRuleString('RRULE:FREQ=WEEKLY;BYDAY=SA')).toEqual(
      parseRuleString('freq=weekly;byday=sa'),
    );
  });

  it('canonicalises: FREQ first, default INTERVAL and WKST dropped, UNTIL in UTC', () => {
    const rule = parseRuleString('BYDAY=MO,WE;INTERVAL=1;WKST=MO;FREQ=WEEKLY;UNTIL=20270630');
    expect(formatRule(rule, 'Europe/Berlin')).toBe(
      'FREQ=WEEKLY;UNTIL=20270630T215959Z;BYDAY=MO,WE',
    );
  });

  it('keeps ordinals, BYSETPOS and WKST', () => {
    const text = 'FREQ=MONTHLY;BYDAY=-1FR,2TU;BYSETPOS=1;WKST=SU';
    expect(formatRule(parseRuleString(text), 'UTC')).toBe(text);
  });

  it.each([
    ['FREQ=FOO', /unknown FREQ "FOO"/],
    ['FREQ=MINUTELY', /FREQ=MINUTELY is not supported/],
    ['BYDAY=MO', /FREQ is required/],
    ['FREQ=WEEKLY;BYDAY=XX', /"XX" is not a weekday/],
    ['FREQ=WEEKLY;BYDAY=1MO', /ordinals .* need FREQ=MONTHLY or FREQ=YEARLY/],
    ['FREQ=MONTHLY;BYDAY=0MO', /ordinal .* must be 1..53/],
    ['FREQ=DAILY;COUNT=2;UNTIL=20270101T000000Z', /COUNT and UNTIL cannot both be set/],
    ['FREQ=WEEKLY;INTERVAL=0', /INTERVAL must be an integer from 1/],
    ['FREQ=WEEKLY;INTERVAL=-2', /INTERVAL must be an integer from 1/],
    ['FREQ=MONTHLY;BYMONTHDAY=32', /BYMONTHDAY value 32 is out of range/],
    ['FREQ=MONTHLY;BYMONTHDAY=0', /BYMONTHDAY value 0 is out of range/],
    ['FREQ=YEARLY;BYMONTH=13', /BYMONTH value 13 is out of range/],
    ['FREQ=YEARLY;BYWEEKNO=54', /BYWEEKNO value 54 is out of range/],
    ['FREQ=YEARLY;BYYEARDAY=367', /BYYEARDAY value 367 is out of range/],
    ['FREQ=DAILY;BYHOUR=24', /BYHOUR value 24 is out of range/],
    ['FREQ=WEEKLY;BYMONTHDAY=1', /BYMONTHDAY cannot be used with FREQ=WEEKLY/],
    ['FREQ=MONTHLY;BYWEEKNO=1', /BYWEEKNO needs FREQ=YEARLY/],
    ['FREQ=DAILY;BYSETPOS=1', /BYSETPOS needs another BYxxx/],
    ['FREQ=WEEKLY;FOO=1', /unknown rule part "FOO"/],
    ['FREQ=WEEKLY;FREQ=DAILY', /FREQ appears more than once/],
    ['FREQ=WEEKLY;COUNT=abc', /COUNT must be an integer/],
    ['FREQ=WEEKLY;COUNT=100000', /COUNT must be an integer from 1 to 10000/],
    ['FREQ=WEEKLY;UNTIL=2027-01-01', /UNTIL "2027-01-01" must be YYYYMMDD/],
    ['FREQ=WEEKLY;UNTIL=20270230', /UNTIL is not a real date/],
    ['FREQ=DAILY;BYHOUR=1,2,3,4,5;BYMINUTE=1,2,3,4,5', /allow 25 occurrences a day/],
    ['FREQ', /is not NAME=VALUE/],
    ['', /is empty/],
  ])('rejects %s with a precise message', (input, message) => {
    expect(rejection(input)).toMatch(message);
  });
});

describe('parsing the object form', () => {
  it('reads byweekday as 0..6 (Monday = 0) or weekday codes', () => {
    const a = parseRule({ freq: 'WEEKLY', interval: 1, byweekday: [0, 2, 4], until: '2027-06-30' });
    const b = parseRule({ freq: 'weekly', byweekday: ['MO', 'WE', 'FR'], until: '2027-06-30' });
    expect(a).toEqual(b);
    expect(formatRule(a, 'Europe/Berlin')).toBe(
      'FREQ=WEEKLY;UNTIL=20270630T215959Z;BYDAY=MO,WE,FR',
    );
  });

  it('reads count, monthly ordinals and numeric parts', () => {
    expect(formatRule(parseRule({ freq: 'MONTHLY', byweekday: ['2TU'], count: 10 }), 'UTC')).toBe(
      'FREQ=MONTHLY;COUNT=10;BYDAY=2TU',
    );
    expect(formatRule(parseRule({ freq: 'YEARLY', bymonth: [6, 7], bymonthday: 15 }), 'UTC')).toBe(
      'FREQ=YEARLY;BYMONTH=6,7;BYMONTHDAY=15',
    );
  });

  it.each([
    [{ freq: 'WEEKLY', byweekday: [7] }, /byweekday 7 must be 0..6/],
    [{ freq: 'WEEKLY', interval: 0 }, /INTERVAL must be/],
    [{ freq: 'WEEKLY', interval: '2' }, /interval must be an integer/],
    [{ freq: 'WEEKLY', colour: 'red' }, /unknown field "colour"/],
    [{ freq: 3 }, /freq must be a string/],
    [{ byweekday: [1] }, /FREQ is required/],
    [{ freq: 'DAILY', count: 3, until: '2027-01-01' }, /COUNT and UNTIL cannot both be set/],
  ])('rejects %j', (input, message) => {
    expect(rejection(input)).toMatch(message);
  });

  it('round-trips: object form → RRULE string → same rule', () => {
    const rule = parseRule({
      freq: 'YEARLY',
      byweekday: ['-1SU'],
      bymonth: [3],
      wkst: 'SU',
      interval: 2,
    });
    expect(parseRuleString(formatRule(rule, 'UTC'))).toEqual(rule);
  });
});
