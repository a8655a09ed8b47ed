import { formatRule } from '../recurrence/format-rule.ts';
import { parseRuleString } from '../recurrence/parse-rule.ts';

/**
 * The canonical rule of a series cut so that no occurrence starts at or after `cutMs`
 * ("this and following" ends the old series before `from`): UNTIL becomes one second before the
 * cut, and a COUNT is replaced, since RFC 5545 forbids both (the occurrences before the cut are
 * the same either way).
 *
 * @example ruleEndingBefore('FREQ=WEEKLY;COUNT=50', Date.parse('2027-01-01T00:00:00+01:00'), 'Europe/Berlin') // 'FREQ=WEEKLY;UNTIL=20261231T225959Z'
 */
export function ruleEndingBefore(ruleText: string, cutMs: number, timeZone: string): string {
  const { count: _count, until: _until, ...rest } = parseRuleString(ruleText);
  return formatRule({ ...rest, until: { kind: 'utc', epochMs: cutMs - 1000 } }, timeZone);
}
