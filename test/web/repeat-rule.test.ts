import { describe, expect, it } from 'vitest';
import { occurrencesBefore, remainingChoice } from '../../src/web/occurrence-count.ts';
import { buildRule, describeRule, parseRule } from '../../src/web/repeat-rule.ts';
import { untilDate, untilValue } from '../../src/web/rule-until.ts';

/** The New York rule: daily until the end of 14 Nov 2027 there, as the server stores it. */
const DAILY_UNTIL_14_NOV_NEW_YORK = 'FREQ=DAILY;UNTIL=20271115T045959Z';
/** The series: Tuesdays and Thursdays, six times from Tue 1 Dec 2026. */
const TUE_THU_SIX_TIMES = 'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6';

describe('UNTIL is a date in the schedule’s own zone', () => {
  it.each([
    // zone, the server's UTC UNTIL for the end of 14 Nov 2027 there
    ['America/New_York', '20271115T045959Z'],
    ['Europe/Berlin', '20271114T225959Z'],
    ['Asia/Kolkata', '20271114T182959Z'],
    ['Pacific/Auckland', '20271114T105959Z'],
    ['UTC', '20271114T235959Z'],
  ])('%s: %s is 14 Nov 2027', (zone, until) => {
    expect(untilDate(until, zone)).toBe('2027-11-14');
  });

  it('takes a DATE or a floating local time as it is', () => {
    expect(untilDate('20270131', 'America/New_York')).toBe('2027-01-31');
    expect(untilDate('20270131T235959', 'Pacific/Auckland')).toBe('2027-01-31');
    expect(untilDate('garbage', 'UTC')).toBe('');
  });

  it('sends an end date back as a DATE (the end of that day in the schedule’s zone)', () => {
    expect(untilValue('2027-11-14')).toBe('20271114');
  });

  it('shows and pre-fills 14 Nov, not 15 Nov, for New York', () => {
    const choice = parseRule(DAILY_UNTIL_14_NOV_NEW_YORK, 'America/New_York');
    expect(choice).toMatchObject({ repeat: 'daily', ends: 'until', until: '2027-11-14' });
    expect(describeRule(DAILY_UNTIL_14_NOV_NEW_YORK, 'America/New_York')).toBe(
      'Every day, until 2027-11-14',
    );
    expect(buildRule(choice, '2026-12-01')).toBe('FREQ=DAILY;UNTIL=20271114');
  });

  it('keeps a WKST when it rebuilds a rule', () => {
    const choice = parseRule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;WKST=SU', 'UTC');
    expect(buildRule(choice, '2026-12-07')).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;WKST=SU');
  });
});

describe('what "this and following" leaves of a COUNT', () => {
  it('Tue/Thu ×6 from 1 Dec, split on 10 Dec: 3 before, 3 left', () => {
    const choice = parseRule(TUE_THU_SIX_TIMES, 'Europe/Berlin');
    expect(occurrencesBefore(choice, '2026-12-01', '2026-12-10')).toBe(3);
    expect(remainingChoice(choice, '2026-12-01', '2026-12-10').count).toBe(3);
    expect(buildRule(remainingChoice(choice, '2026-12-01', '2026-12-10'), '2026-12-10')).toBe(
      'FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3',
    );
  });

  it.each([
    // rule, DTSTART date, from, occurrences before `from`
    ['FREQ=DAILY;INTERVAL=3;COUNT=10', '2026-12-01', '2026-12-10', 3], // 1, 4, 7
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;COUNT=10', '2026-12-07', '2027-01-01', 4], // 7, 11, 21, 25
    ['FREQ=MONTHLY;BYMONTHDAY=31;COUNT=5', '2026-12-31', '2027-06-01', 4], // no 31 Feb, 31 Apr
    ['FREQ=MONTHLY;BYDAY=2TU;COUNT=5', '2026-12-08', '2027-03-01', 3], // 8 Dec, 12 Jan, 9 Feb
    ['FREQ=MONTHLY;BYDAY=-1FR;COUNT=5', '2026-12-25', '2027-03-01', 3], // 25 Dec, 29 Jan, 26 Feb
    ['FREQ=DAILY;COUNT=2', '2026-12-01', '2026-12-10', 2], // used up: stops at COUNT
  ] as const)('%s from %s, split on %s: %i before', (rule, dtstart, from, before) => {
    expect(occurrencesBefore(parseRule(rule, 'UTC'), dtstart, from)).toBe(before);
  });

  it('leaves at least one, and leaves rules without COUNT or the form cannot show alone', () => {
    const used = parseRule('FREQ=DAILY;COUNT=2', 'UTC');
    expect(remainingChoice(used, '2026-12-01', '2026-12-10').count).toBe(1);
    const custom = parseRule('FREQ=MONTHLY;BYDAY=2WE,4WE;COUNT=6', 'UTC');
    expect(custom.repeat).toBe('custom');
    expect(occurrencesBefore(custom, '2026-12-09', '2027-01-01')).toBeNull();
    expect(remainingChoice(custom, '2026-12-09', '2027-01-01')).toBe(custom);
    const open = parseRule('FREQ=DAILY', 'UTC');
    expect(remainingChoice(open, '2026-12-01', '2026-12-10')).toBe(open);
  });
});
