import { untilDate, untilValue } from './rule-until.ts';

/** What the form's repeat and ends fields describe. */
export interface RepeatChoice {
  readonly repeat: 'none' | 'daily' | 'weekly' | 'monthly-date' | 'monthly-weekday' | 'custom';
  readonly interval: number;
  /** RRULE weekday codes for weekly: 'MO'..'SU'. */
  readonly byday: readonly string[];
  readonly ends: 'never' | 'until' | 'count';
  /** `YYYY-MM-DD`, the last day an occurrence may start on. */
  readonly until: string;
  readonly count: number;
  /** The rule kept as is when the form cannot show it ("custom"). */
  readonly custom?: string;
  /** A stored WKST, kept when the rule is rebuilt (it matters for INTERVAL > 1). */
  readonly wkst?: string;
}

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const DAY_NAMES: Record<string, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const ORDINALS: Record<string, string> = {
  '1': '1st',
  '2': '2nd',
  '3': '3rd',
  '4': '4th',
  '5': '5th',
  '-1': 'last',
};

/** RRULE weekday code of a local date. @example weekdayCode('2026-12-08') → 'TU' */
export function weekdayCode(date: string): string {
  const js = new Date(`${date}T00:00:00Z`).getUTCDay();
  return WEEKDAYS[(js + 6) % 7] ?? 'MO';
}

/**
 * "2nd Tuesday" of a date as an RRULE BYDAY value; the last week of a month is `-1` (so "last
 * Tuesday" keeps meaning the last one in short months). @example monthlyWeekday('2026-12-08') → '2TU'
 */
export function monthlyWeekday(date: string): string {
  const day = Number(date.slice(8, 10));
  const daysInMonth = new Date(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0),
  ).getUTCDate();
  const ordinal = day + 7 > daysInMonth && day > 28 ? -1 : Math.ceil(day / 7);
  return `${ordinal}${weekdayCode(date)}`;
}

/**
 * The RRULE for a form choice starting on `date`; undefined for a one-off block.
 * @example buildRule({repeat:'weekly', interval:2, byday:['MO'], ends:'count', count:5, ...}, '2026-12-07')
 *   → 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;COUNT=5'
 */
export function buildRule(choice: RepeatChoice, date: string): string | undefined {
  const parts: string[] = [];
  switch (choice.repeat) {
    case 'none':
      return undefined;
    case 'custom':
      return choice.custom;
    case 'daily':
      parts.push('FREQ=DAILY');
      break;
    case 'weekly':
      parts.push('FREQ=WEEKLY');
      break;
    case 'monthly-date':
    case 'monthly-weekday':
      parts.push('FREQ=MONTHLY');
      break;
  }
  if (choice.interval > 1) parts.push(`INTERVAL=${choice.interval}`);
  if (choice.repeat === 'weekly') {
    const days = choice.byday.length > 0 ? choice.byday : [weekdayCode(date)];
    parts.push(`BYDAY=${WEEKDAYS.filter((d) => days.includes(d)).join(',')}`);
  }
  if (choice.repeat === 'monthly-date') parts.push(`BYMONTHDAY=${Number(date.slice(8, 10))}`);
  if (choice.repeat === 'monthly-weekday') parts.push(`BYDAY=${monthlyWeekday(date)}`);
  if (choice.ends === 'until' && choice.until) parts.push(`UNTIL=${untilValue(choice.until)}`);
  if (choice.ends === 'count') parts.push(`COUNT=${Math.max(1, choice.count)}`);
  if (choice.wkst) parts.push(`WKST=${choice.wkst}`);
  return parts.join(';');
}

/**
 * The form's view of a stored rule; rules the form cannot show come back as 'custom'. UNTIL is
 * read as a date in `zone`, the schedule's own (the server writes it in UTC).
 * @example parseRule('FREQ=DAILY;UNTIL=20271115T045959Z', 'America/New_York').until → '2027-11-14'
 */
export function parseRule(rule: string | null, zone: string): RepeatChoice {
  const base: RepeatChoice = {
    repeat: 'none',
    interval: 1,
    byday: [],
    ends: 'never',
    until: '',
    count: 10,
  };
  if (!rule) return base;
  const fields = new Map(
    rule
      .replace(/^RRULE:/i, '')
      .split(';')
      .map((p) => p.split('=') as [string, string]),
  );
  const known = new Set(['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'UNTIL', 'COUNT', 'WKST']);
  const custom = { ...base, repeat: 'custom' as const, custom: rule };
  if ([...fields.keys()].some((k) => !known.has(k))) return custom;
  const freq = fields.get('FREQ');
  const byday = fields.get('BYDAY');
  const untilRaw = fields.get('UNTIL');
  const ends = fields.has('COUNT') ? 'count' : untilRaw ? 'until' : 'never';
  const common = {
    interval: Number(fields.get('INTERVAL') ?? '1'),
    ends,
    until: untilRaw ? untilDate(untilRaw, zone) : '',
    count: Number(fields.get('COUNT') ?? '10'),
    ...(fields.has('WKST') ? { wkst: fields.get('WKST') } : {}),
  } as const;
  if (freq === 'DAILY' && !byday && !fields.has('BYMONTHDAY'))
    return { ...base, ...common, repeat: 'daily' };
  if (freq === 'WEEKLY' && !fields.has('BYMONTHDAY') && (!byday || /^[A-Z,]+$/.test(byday)))
    return { ...base, ...common, repeat: 'weekly', byday: byday ? byday.split(',') : [] };
  if (freq === 'MONTHLY' && fields.has('BYMONTHDAY') && !byday)
    return { ...base, ...common, repeat: 'monthly-date' };
  if (freq === 'MONTHLY' && byday && /^-?\d[A-Z]{2}$/.test(byday))
    return { ...base, ...common, repeat: 'monthly-weekday' };
  return custom;
}

/**
 * A rule in words, its end date read in the schedule's zone.
 * @example describeRule('FREQ=WEEKLY;BYDAY=SA', 'Europe/Berlin') → 'Every week on Saturday'
 */
export function describeRule(rule: string | null, zone: string): string {
  if (!rule) return 'Does not repeat';
  const c = parseRule(rule, zone);
  const every = (unit: string) =>
    c.interval > 1 ? `Every ${c.interval} ${unit}s` : `Every ${unit}`;
  let text: string;
  const byday = /BYDAY=([^;]+)/.exec(rule)?.[1] ?? '';
  switch (c.repeat) {
    case 'daily':
      text = every('day');
      break;
    case 'weekly':
      text = `${every('week')}${c.byday.length ? ` on ${c.byday.map((d) => DAY_NAMES[d]).join(', ')}` : ''}`;
      break;
    case 'monthly-date':
      text = `${every('month')} on day ${/BYMONTHDAY=(\d+)/.exec(rule)?.[1] ?? ''}`;
      break;
    case 'monthly-weekday': {
      const m = /^(-?\d)([A-Z]{2})$/.exec(byday);
      text = `${every('month')} on the ${ORDINALS[m?.[1] ?? ''] ?? ''} ${DAY_NAMES[m?.[2] ?? ''] ?? ''}`;
      break;
    }
    default:
      return `Repeats: ${rule}`;
  }
  if (c.ends === 'until') text += `, until ${c.until}`;
  if (c.ends === 'count') text += `, ${c.count} times`;
  return text;
}

/** "2nd Tuesday" for the form's hint. */
export function monthlyWeekdayLabel(date: string): string {
  const m = /^(-?\d)([A-Z]{2})$/.exec(monthlyWeekday(date));
  return `${ORDINALS[m?.[1] ?? ''] ?? ''} ${DAY_NAMES[m?.[2] ?? ''] ?? ''}`;
}
