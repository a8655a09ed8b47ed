/** RFC 5545 frequencies Recurra expands. Sub-daily ones are refused (see parse-rule.ts). */
export const FREQUENCIES = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** Weekday codes in ISO order: index 0 is Monday, as in the contract's object form. */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A BYDAY entry: a weekday, optionally with an ordinal (`-1FR` is `{ weekday: 'FR', ordinal: -1 }`). */
export interface WeekdayEntry {
  readonly weekday: Weekday;
  readonly ordinal?: number;
}

/**
 * The end of a series as the client wrote it. A date is inclusive of its whole local day; a local
 * date-time is in the schedule's zone; a UTC one is an instant (RFC 5545's required form, which is
 * what we store after canonicalisation).
 */
export type Until =
  | { readonly kind: 'date'; readonly value: string } // YYYY-MM-DD
  | { readonly kind: 'local'; readonly value: string } // YYYY-MM-DDTHH:MM:SS
  | { readonly kind: 'utc'; readonly epochMs: number };

/** A parsed, validated recurrence rule (RRULE value) independent of any DTSTART. */
export interface RecurrenceRule {
  readonly freq: Frequency;
  readonly interval: number;
  readonly count?: number;
  readonly until?: Until;
  readonly byDay?: readonly WeekdayEntry[];
  readonly byMonthDay?: readonly number[];
  readonly byMonth?: readonly number[];
  readonly byYearDay?: readonly number[];
  readonly byWeekNo?: readonly number[];
  readonly bySetPos?: readonly number[];
  readonly byHour?: readonly number[];
  readonly byMinute?: readonly number[];
  readonly bySecond?: readonly number[];
  readonly wkst?: Weekday;
}

/** The numeric BYxxx parts, their RFC 5545 ranges, and whether 0 / negatives are allowed. */
export const NUMERIC_PARTS = {
  BYMONTHDAY: { key: 'byMonthDay', min: 1, max: 31, signed: true },
  BYMONTH: { key: 'byMonth', min: 1, max: 12, signed: false },
  BYYEARDAY: { key: 'byYearDay', min: 1, max: 366, signed: true },
  BYWEEKNO: { key: 'byWeekNo', min: 1, max: 53, signed: true },
  BYSETPOS: { key: 'bySetPos', min: 1, max: 366, signed: true },
  BYHOUR: { key: 'byHour', min: 0, max: 23, signed: false },
  BYMINUTE: { key: 'byMinute', min: 0, max: 59, signed: false },
  BYSECOND: { key: 'bySecond', min: 0, max: 60, signed: false },
} as const;

export type NumericPartName = keyof typeof NUMERIC_PARTS;
export type NumericPartKey = (typeof NUMERIC_PARTS)[NumericPartName]['key'];

/** Largest COUNT accepted: the series' end is computed at creation, and must stay cheap. */
export const MAX_COUNT = 10_000;
/** Largest INTERVAL accepted. */
export const MAX_INTERVAL = 1_000;
