import { Temporal } from 'temporal-polyfill';

/**
 * A small in-memory reference of the contract, written from its words and independent of the
 * service's code: rules are enumerated day by day (DAILY and WEEKLY with INTERVAL, BYDAY, COUNT,
 * UNTIL), occurrences are identified by their local date, and hand-made changes are re-attached
 * by the contract's three rules. The property test drives it and the service with the same
 * operations and compares what they show.
 */

/** Enumeration stops here: every date the tests use lies well before it. */
export const MODEL_END = '2029-06-30';
const SECOND = 1000;

export interface ModelRule {
  readonly freq: 'DAILY' | 'WEEKLY';
  readonly interval: number;
  /** ISO weekdays (Monday 1); null: the weekday of DTSTART. WEEKLY only. */
  readonly byday: readonly number[] | null;
  readonly count: number | null;
  /** UNTIL as an instant (a date UNTIL is the end of that local day). */
  readonly untilMs: number | null;
}

export type ModelChange =
  | { readonly kind: 'cancelled' }
  | {
      readonly kind: 'edited';
      readonly startMs: number;
      readonly endMs: number;
      readonly title: string | null;
    };

export interface ModelSchedule {
  /** The service's id; null for a one-off the service made of a lost edit (never edited again here). */
  readonly id: number | null;
  title: string;
  zone: string;
  startDate: string;
  time: string;
  durationMin: number;
  rule: ModelRule | null;
  /** Excluded occurrences, by local date. */
  exdates: Set<string>;
  /** Hand-made changes, by the local date of their occurrence. */
  changes: Map<string, ModelChange>;
  /** Occurrences starting at or after this instant do not exist (deleted). */
  endsBefore: number | null;
  active: boolean;
}

/** One occurrence as a view shows it. */
export interface Shown {
  readonly startMs: number;
  readonly endMs: number;
  readonly title: string;
  /** The occurrence it is (its original start); absent where a client cannot tell (the feed). */
  readonly originalMs?: number;
}

const dates = new Map<string, Temporal.PlainDate>();
function pd(d: string): Temporal.PlainDate {
  let p = dates.get(d);
  if (!p) dates.set(d, (p = Temporal.PlainDate.from(d)));
  return p;
}

export function addDays(d: string, n: number): string {
  return pd(d).add({ days: n }).toString();
}

function daysBetween(a: string, b: string): number {
  return pd(a).until(pd(b), { largestUnit: 'days' }).days;
}

/** The instant of a local wall time: a spring gap moves forward, an autumn fold takes the earlier. */
export function instantOf(zone: string, date: string, time: string): number {
  return Temporal.PlainDateTime.from(`${date}T${time}`).toZonedDateTime(zone, {
    disambiguation: 'compatible',
  }).epochMilliseconds;
}

/** The local date of an instant in a zone. */
export function dateIn(zone: string, ms: number): string {
  return Temporal.Instant.fromEpochMilliseconds(ms)
    .toZonedDateTimeISO(zone)
    .toPlainDate()
    .toString();
}

/** Every occurrence date of a schedule, DTSTART first, in order (up to MODEL_END). */
export function occurrenceDates(s: ModelSchedule): string[] {
  const out: string[] = [];
  const keep = (d: string) => s.endsBefore === null || instantOf(s.zone, d, s.time) < s.endsBefore;
  if (!s.rule) return keep(s.startDate) ? [s.startDate] : [];
  const { freq, interval, byday, count, untilMs } = s.rule;
  const start = pd(s.startDate);
  const monday = start.subtract({ days: start.dayOfWeek - 1 }).toString();
  const days = byday ?? [start.dayOfWeek];
  let n = 0;
  for (let d = s.startDate; d <= MODEL_END; d = addDays(d, 1)) {
    const first = d === s.startDate;
    const matches =
      first ||
      (freq === 'DAILY'
        ? daysBetween(s.startDate, d) % interval === 0
        : Math.floor(daysBetween(monday, d) / 7) % interval === 0 &&
          days.includes(pd(d).dayOfWeek));
    if (!matches) continue;
    if (!first && untilMs !== null && instantOf(s.zone, d, s.time) > untilMs) break;
    if (count !== null && n >= count) break;
    n++;
    if (keep(d)) out.push(d);
  }
  return out;
}

/** What the schedule shows in `[fromMs, toMs)`: plain occurrences, less exdates, with its changes. */
export function shown(s: ModelSchedule, fromMs: number, toMs: number): Shown[] {
  const out: Shown[] = [];
  for (const d of occurrenceDates(s)) {
    if (s.exdates.has(d)) continue;
    const change = s.changes.get(d);
    if (change?.kind === 'cancelled') continue;
    const originalMs = instantOf(s.zone, d, s.time);
    const startMs = change ? change.startMs : originalMs;
    const endMs = change ? change.endMs : startMs + s.durationMin * 60_000;
    if (startMs < toMs && endMs > fromMs)
      out.push({
        startMs,
        endMs,
        title: (change?.kind === 'edited' && change.title) || s.title,
        originalMs,
      });
  }
  return out;
}

/**
 * The constant shift in days that moves every occurrence of `before` onto one of `after` (and
 * back), where the other exists, or null. Only a shift to other dates counts: when the two share a
 * date, changes on shared dates stay (rule 1) and no shift applies.
 */
function shiftDays(before: readonly string[], after: readonly string[]): number | null {
  if (before.length === 0 || after.length === 0) return null;
  const b = new Set(before);
  const a = new Set(after);
  if (before.some((d) => a.has(d))) return null;
  const [bFirst, bLast] = [before[0] as string, before[before.length - 1] as string];
  const [aFirst, aLast] = [after[0] as string, after[after.length - 1] as string];
  // The amount the first occurrence moved first (start and BYDAY moved together), then the smallest.
  const anchor = daysBetween(bFirst, aFirst);
  const candidates = [
    ...new Set([
      anchor,
      ...before
        .map((d) => daysBetween(d, aFirst))
        .sort((x, y) => Math.abs(x) - Math.abs(y) || y - x),
    ]),
  ].filter((k) => k !== 0 && Math.abs(k) <= 366);
  for (const k of candidates) {
    let matched = 0;
    let ok = true;
    for (const d of before) {
      const t = addDays(d, k);
      if (t < aFirst || t > aLast || t > MODEL_END) continue;
      if (!a.has(t)) {
        ok = false;
        break;
      }
      matched++;
    }
    if (ok)
      for (const d of after) {
        const s = addDays(d, -k);
        if (s < bFirst || s > bLast) continue;
        if (!b.has(s)) {
          ok = false;
          break;
        }
      }
    if (ok && matched > 0) return k;
  }
  return null;
}

/**
 * Re-attaches changes keyed by date from `before` (its dates from `fromDate` on) to `after`:
 * rule 1 (same date), rule 2 (constant shift), else null (lost).
 */
export function reattachDates(
  before: ModelSchedule,
  after: ModelSchedule,
  keys: readonly string[],
  fromDate = '0000-01-01',
): Map<string, string | null> {
  const afterDates = occurrenceDates(after);
  const a = new Set(afterDates);
  const beforeDates = occurrenceDates(before).filter((d) => d >= fromDate);
  const bSet = new Set(beforeDates);
  let shift: number | null | undefined;
  const out = new Map<string, string | null>();
  for (const key of keys) {
    if (!bSet.has(key)) out.set(key, null);
    else if (a.has(key)) out.set(key, key);
    else {
      shift ??= shiftDays(beforeDates, afterDates);
      const target = shift === null ? null : addDays(key, shift);
      out.set(key, target !== null && a.has(target) ? target : null);
    }
  }
  return out;
}

/** The occurrences of a series from `cutMs` on, as the previous part of a split keeps them. */
export function endBefore(rule: ModelRule, cutMs: number): ModelRule {
  return { ...rule, count: null, untilMs: cutMs - SECOND };
}
