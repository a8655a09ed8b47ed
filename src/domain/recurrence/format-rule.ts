import { localToEpochMs } from '../time/date-time.ts';
import {
  NUMERIC_PARTS,
  type RecurrenceRule,
  type Until,
  type WeekdayEntry,
} from './recurrence-rule.ts';

/** The instant a series ends at the latest: a date UNTIL includes its whole local day. */
export function untilEpochMs(until: Until, timeZone: string): number {
  switch (until.kind) {
    case 'utc':
      return until.epochMs;
    case 'local':
      return localToEpochMs(until.value, timeZone);
    case 'date':
      return localToEpochMs(`${until.value}T23:59:59`, timeZone);
  }
}

const PART_ORDER = [
  'BYMONTH',
  'BYWEEKNO',
  'BYYEARDAY',
  'BYMONTHDAY',
  'BYDAY',
  'BYHOUR',
  'BYMINUTE',
  'BYSECOND',
  'BYSETPOS',
] as const;

function formatUtc(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function formatWeekday(entry: WeekdayEntry): string {
  return `${entry.ordinal ?? ''}${entry.weekday}`;
}

/**
 * The canonical RRULE value Recurra stores and returns: FREQ first, then INTERVAL (if not 1),
 * COUNT, UNTIL (always UTC, as RFC 5545 §3.3.10 requires with a zoned DTSTART), the BYxxx parts
 * in RFC order, and WKST (if not MO, the default).
 *
 * @example formatRule(parseRule({ freq: 'WEEKLY', byweekday: [5] }), 'Europe/Berlin') // 'FREQ=WEEKLY;BYDAY=SA'
 */
export function formatRule(rule: RecurrenceRule, timeZone: string): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until) parts.push(`UNTIL=${formatUtc(untilEpochMs(rule.until, timeZone))}`);
  for (const name of PART_ORDER) {
    const values =
      name === 'BYDAY' ? rule.byDay?.map(formatWeekday) : rule[NUMERIC_PARTS[name].key];
    if (values) parts.push(`${name}=${values.join(',')}`);
  }
  if (rule.wkst && rule.wkst !== 'MO') parts.push(`WKST=${rule.wkst}`);
  return parts.join(';');
}
