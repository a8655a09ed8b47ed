import { invalid } from '../errors.ts';
import {
  FREQUENCIES,
  MAX_COUNT,
  MAX_INTERVAL,
  NUMERIC_PARTS,
  WEEKDAYS,
  type Frequency,
  type NumericPartKey,
  type NumericPartName,
  type RecurrenceRule,
  type Until,
  type Weekday,
  type WeekdayEntry,
} from './recurrence-rule.ts';

/** Availability blocks, not alarms: at most this many occurrences a day from BYHOUR/BYMINUTE/BYSECOND. */
const MAX_PER_DAY = 24;
const SUB_DAILY = new Set(['HOURLY', 'MINUTELY', 'SECONDLY']);
const KNOWN_PARTS = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYDAY',
  'WKST',
  ...Object.keys(NUMERIC_PARTS),
]);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Draft = Partial<Mutable<RecurrenceRule>>;

function fail(message: string, value: unknown): never {
  throw invalid(`recurrence_rule: ${message}`, { field: 'recurrence_rule', value });
}

function parseInteger(text: string, part: string, raw: string): number {
  if (!/^[+-]?\d{1,6}$/.test(text)) fail(`${part} must be an integer, got "${text}"`, raw);
  return Number(text);
}

function parseFrequency(text: string, raw: unknown): Frequency {
  const upper = text.toUpperCase();
  if (SUB_DAILY.has(upper))
    fail(`FREQ=${upper} is not supported: availability repeats at most daily`, raw);
  if (!(FREQUENCIES as readonly string[]).includes(upper)) {
    fail(`unknown FREQ "${text}" (expected one of ${FREQUENCIES.join(', ')})`, raw);
  }
  return upper as Frequency;
}

function parseWeekday(text: string, raw: unknown): Weekday {
  const upper = text.toUpperCase();
  if (!(WEEKDAYS as readonly string[]).includes(upper))
    fail(`"${text}" is not a weekday (MO..SU)`, raw);
  return upper as Weekday;
}

function parseWeekdayEntry(text: string, raw: unknown): WeekdayEntry {
  const m = /^([+-]?\d{1,2})?([A-Za-z]{2})$/.exec(text.trim());
  if (!m) fail(`BYDAY entry "${text}" must look like MO, 1FR or -1SU`, raw);
  const weekday = parseWeekday(m[2] ?? '', raw);
  if (m[1] === undefined) return { weekday };
  const ordinal = Number(m[1]);
  if (ordinal === 0 || Math.abs(ordinal) > 53)
    fail(`BYDAY ordinal in "${text}" must be 1..53 or -53..-1`, raw);
  return { weekday, ordinal };
}

function checkNumeric(name: NumericPartName, values: number[], raw: unknown): number[] {
  const { min, max, signed } = NUMERIC_PARTS[name];
  for (const v of values) {
    const ok =
      Number.isInteger(v) && ((v >= min && v <= max) || (signed && v <= -min && v >= -max));
    if (!ok)
      fail(
        `${name} value ${v} is out of range (${signed ? `${min}..${max} or -${max}..-${min}` : `${min}..${max}`})`,
        raw,
      );
  }
  if (values.length === 0) fail(`${name} needs at least one value`, raw);
  return values;
}

function parseUntilText(text: string, raw: unknown): Until {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(
    text.trim().toUpperCase(),
  );
  if (!m) fail(`UNTIL "${text}" must be YYYYMMDD or YYYYMMDDTHHMMSS[Z]`, raw);
  const [, y, mo, d, h, mi, s, z] = m;
  const date = `${y}-${mo}-${d}`;
  if (h === undefined) return checkUntil({ kind: 'date', value: date }, raw);
  const local = `${date}T${h}:${mi}:${s}`;
  return checkUntil(
    z ? { kind: 'utc', epochMs: Date.parse(`${local}Z`) } : { kind: 'local', value: local },
    raw,
  );
}

function checkUntil(until: Until, raw: unknown): Until {
  const probe =
    until.kind === 'utc'
      ? until.epochMs
      : Date.parse(until.kind === 'date' ? `${until.value}T00:00:00Z` : `${until.value}Z`);
  const text = until.kind === 'utc' ? '' : until.value;
  const roundTrips =
    until.kind === 'utc' || new Date(probe).toISOString().startsWith(text.slice(0, 10));
  if (!Number.isFinite(probe) || !roundTrips) fail(`UNTIL is not a real date`, raw);
  return until;
}

const WEEKDAY_INDEX = new Map(WEEKDAYS.map((d, i) => [d, i]));

/** Values in one order and without repeats, so equal rules have equal canonical strings. */
function canonicalOrder(rule: RecurrenceRule): RecurrenceRule {
  const out: Record<string, unknown> = { ...rule };
  for (const { key } of Object.values(NUMERIC_PARTS)) {
    const values = rule[key];
    if (values) out[key] = [...new Set(values)].sort((a, b) => a - b);
  }
  if (rule.byDay) {
    const seen = new Map(rule.byDay.map((d) => [`${d.ordinal ?? ''}${d.weekday}`, d]));
    out.byDay = [...seen.values()].sort(
      (a, b) =>
        (a.ordinal ?? 0) - (b.ordinal ?? 0) ||
        (WEEKDAY_INDEX.get(a.weekday) ?? 0) - (WEEKDAY_INDEX.get(b.weekday) ?? 0),
    );
  }
  return out as unknown as RecurrenceRule;
}

/** Cross-part rules of RFC 5545 §3.3.10 that a single part cannot check. */
function finish(draft: Draft, raw: unknown): RecurrenceRule {
  const { freq } = draft;
  if (!freq) fail('FREQ is required', raw);
  if (draft.count !== undefined && draft.until !== undefined)
    fail('COUNT and UNTIL cannot both be set', raw);
  if (
    draft.byDay?.some((d) => d.ordinal !== undefined) &&
    freq !== 'MONTHLY' &&
    freq !== 'YEARLY'
  ) {
    fail(`BYDAY ordinals such as "1FR" need FREQ=MONTHLY or FREQ=YEARLY`, raw);
  }
  if (draft.byDay?.some((d) => d.ordinal !== undefined) && freq === 'YEARLY' && draft.byWeekNo) {
    fail('BYDAY ordinals cannot be combined with BYWEEKNO', raw);
  }
  const ordinals = draft.byDay?.filter((d) => d.ordinal !== undefined).length ?? 0;
  if (freq === 'YEARLY' && ordinals > 0 && ordinals < (draft.byDay?.length ?? 0)) {
    // rrule-temporal (and rrule.js) return only the ordinal days here instead of the union.
    fail(
      'with FREQ=YEARLY, BYDAY entries must be all plain (MO) or all with ordinals (1MO); split the rule in two',
      raw,
    );
  }
  if (draft.byMonthDay && freq === 'WEEKLY')
    fail('BYMONTHDAY cannot be used with FREQ=WEEKLY', raw);
  if (draft.byYearDay && freq !== 'YEARLY') fail('BYYEARDAY needs FREQ=YEARLY', raw);
  if (draft.byWeekNo && freq !== 'YEARLY') fail('BYWEEKNO needs FREQ=YEARLY', raw);
  const hasOtherBy =
    Object.values(NUMERIC_PARTS).some((p) => p.key !== 'bySetPos' && draft[p.key]) || !!draft.byDay;
  if (draft.bySetPos && !hasOtherBy) fail('BYSETPOS needs another BYxxx rule part', raw);
  const perDay =
    (draft.byHour?.length ?? 1) * (draft.byMinute?.length ?? 1) * (draft.bySecond?.length ?? 1);
  if (perDay > MAX_PER_DAY)
    fail(
      `BYHOUR × BYMINUTE × BYSECOND allow ${perDay} occurrences a day; at most ${MAX_PER_DAY}`,
      raw,
    );
  return canonicalOrder({ ...draft, freq, interval: draft.interval ?? 1 });
}

function setOnce<K extends keyof Draft>(
  draft: Draft,
  key: K,
  value: Draft[K],
  part: string,
  raw: unknown,
): void {
  if (draft[key] !== undefined) fail(`${part} appears more than once`, raw);
  draft[key] = value;
}

/**
 * Parses an RRULE value (with or without the `RRULE:` prefix), validating every part.
 *
 * @example parseRuleString('RRULE:FREQ=WEEKLY;BYDAY=MO,WE') // { freq: 'WEEKLY', interval: 1, byDay: [...] }
 */
export function parseRuleString(input: string): RecurrenceRule {
  const raw = input;
  const body = input.trim().replace(/^RRULE:/i, '');
  if (body.length === 0) fail('is empty', raw);
  if (body.length > 1000) fail('is longer than 1000 characters', raw.slice(0, 100));
  const draft: Draft = {};
  for (const piece of body.split(';')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    if (eq <= 0) fail(`"${piece}" is not NAME=VALUE`, raw);
    const name = piece.slice(0, eq).trim().toUpperCase();
    const value = piece.slice(eq + 1).trim();
    if (!KNOWN_PARTS.has(name)) fail(`unknown rule part "${name}"`, raw);
    if (value === '') fail(`${name} has no value`, raw);
    switch (name) {
      case 'FREQ':
        setOnce(draft, 'freq', parseFrequency(value, raw), name, raw);
        break;
      case 'INTERVAL':
        setOnce(draft, 'interval', checkInterval(parseInteger(value, name, raw), raw), name, raw);
        break;
      case 'COUNT':
        setOnce(draft, 'count', checkCount(parseInteger(value, name, raw), raw), name, raw);
        break;
      case 'UNTIL':
        setOnce(draft, 'until', parseUntilText(value, raw), name, raw);
        break;
      case 'WKST':
        setOnce(draft, 'wkst', parseWeekday(value, raw), name, raw);
        break;
      case 'BYDAY':
        setOnce(
          draft,
          'byDay',
          value.split(',').map((v) => parseWeekdayEntry(v, raw)),
          name,
          raw,
        );
        break;
      default: {
        const partName = name as NumericPartName;
        const values = value.split(',').map((v) => parseInteger(v.trim(), name, raw));
        setOnce(draft, NUMERIC_PARTS[partName].key, checkNumeric(partName, values, raw), name, raw);
      }
    }
  }
  return finish(draft, raw);
}

function checkInterval(n: number, raw: unknown): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_INTERVAL)
    fail(`INTERVAL must be an integer from 1 to ${MAX_INTERVAL}, got ${n}`, raw);
  return n;
}

function checkCount(n: number, raw: unknown): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_COUNT)
    fail(`COUNT must be an integer from 1 to ${MAX_COUNT}, got ${n}`, raw);
  return n;
}

const OBJECT_KEYS: Record<string, NumericPartName> = {
  bymonthday: 'BYMONTHDAY',
  bymonth: 'BYMONTH',
  byyearday: 'BYYEARDAY',
  byweekno: 'BYWEEKNO',
  bysetpos: 'BYSETPOS',
  byhour: 'BYHOUR',
  byminute: 'BYMINUTE',
  bysecond: 'BYSECOND',
};

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function objectWeekday(value: unknown, raw: unknown): WeekdayEntry {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > 6)
      fail(`byweekday ${value} must be 0..6 (Monday = 0)`, raw);
    return { weekday: WEEKDAYS[value] as Weekday };
  }
  if (typeof value === 'string') return parseWeekdayEntry(value, raw);
  return fail(`byweekday entries must be 0..6 or "MO".."SU"`, raw);
}

function objectUntil(value: unknown, raw: unknown): Until {
  if (typeof value !== 'string') fail('until must be a string date', raw);
  const iso = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?$/.exec(value);
  if (!iso) return parseUntilText(value, raw);
  const [, date, hm, s = ':00', zone] = iso;
  if (hm === undefined) return checkUntil({ kind: 'date', value: date ?? '' }, raw);
  if (zone)
    return checkUntil({ kind: 'utc', epochMs: Date.parse(`${date}T${hm}${s}${zone}`) }, raw);
  return checkUntil({ kind: 'local', value: `${date}T${hm}${s}` }, raw);
}

function objectInteger(value: unknown, name: string, raw: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    fail(`${name} must be an integer`, raw);
  return value;
}

/**
 * Parses the contract's object form (`{"freq": "WEEKLY", "byweekday": [5], "until": "2027-06-30"}`),
 * the shape python-dateutil and the seed used, into the same rule as the string form.
 */
export function parseRuleObject(input: Record<string, unknown>): RecurrenceRule {
  const raw = input;
  const draft: Draft = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    const k = key.toLowerCase();
    if (k === 'freq') {
      if (typeof value !== 'string') fail('freq must be a string such as "WEEKLY"', raw);
      draft.freq = parseFrequency(value, raw);
    } else if (k === 'interval')
      draft.interval = checkInterval(objectInteger(value, 'interval', raw), raw);
    else if (k === 'count') draft.count = checkCount(objectInteger(value, 'count', raw), raw);
    else if (k === 'until') draft.until = objectUntil(value, raw);
    else if (k === 'wkst')
      draft.wkst =
        typeof value === 'string' ? parseWeekday(value, raw) : objectWeekday(value, raw).weekday;
    else if (k === 'byweekday' || k === 'byday')
      draft.byDay = asList(value).map((v) => objectWeekday(v, raw));
    else if (k in OBJECT_KEYS) {
      const name = OBJECT_KEYS[k] as NumericPartName;
      const values = asList(value).map((v) => objectInteger(v, k, raw));
      (draft as Record<NumericPartKey, number[]>)[NUMERIC_PARTS[name].key] = checkNumeric(
        name,
        values,
        raw,
      );
    } else fail(`unknown field "${key}" in the rule object`, raw);
  }
  return finish(draft, raw);
}

/** Parses either accepted form of `recurrence_rule`. */
export function parseRule(input: string | Record<string, unknown>): RecurrenceRule {
  return typeof input === 'string' ? parseRuleString(input) : parseRuleObject(input);
}
