import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { DomainError } from '../errors.ts';
import { localToEpochMs, type LocalDateTime } from '../time/date-time.ts';
import { epochToWallMs, wallToEpochMs } from '../time/zone-offsets.ts';
import { untilEpochMs } from './format-rule.ts';
import type { RecurrenceRule } from './recurrence-rule.ts';

/** What a series is made of: the template's rule, first occurrence, zone, duration and exdates. */
export interface SeriesDefinition {
  /** `null` for a one-off event. */
  readonly rule: RecurrenceRule | null;
  /** DTSTART, local wall time in `timeZone`. */
  readonly dtstart: LocalDateTime;
  readonly timeZone: string;
  readonly durationMs: number;
  /** Local wall times of occurrences that do not happen. */
  readonly exdates: readonly LocalDateTime[];
}

/** One occurrence. `startMs` is also its original start: the identity of its instance row. */
export interface Occurrence {
  readonly startMs: number;
  readonly endMs: number;
}

const DAY_MS = 86_400_000;
/** Rules are expanded in wall time; a window is widened by this much before the exact instant filter, covering any DST shift. */
const WALL_MARGIN_MS = DAY_MS;

/**
 * A compiled series: expands the occurrences overlapping any window.
 *
 * Why "floating" expansion: rrule-temporal expands in a zone but drops occurrences that fall in a
 * spring gap (RFC 5545 §3.8.5.3), while the contract shifts them forward (§3.3.5, as calendars
 * do). So the rule is expanded in UTC used as a zone-less wall clock, and each wall time is then
 * placed in the real zone with Temporal's `compatible` disambiguation: a gap moves forward by its
 * length, a fold takes the earlier offset. The library's period arithmetic jumps straight to the
 * window, so a weekly rule viewed 20 years after DTSTART costs what this week does.
 */
export class Series {
  private readonly engine: RRuleTemporal | null;
  private readonly dtstartMs: number;
  private readonly untilMs: number | undefined;
  private readonly excluded: ReadonlySet<number>;

  constructor(readonly definition: SeriesDefinition) {
    const { rule, dtstart, timeZone, exdates } = definition;
    this.dtstartMs = localToEpochMs(dtstart, timeZone);
    this.untilMs = rule?.until ? untilEpochMs(rule.until, timeZone) : undefined;
    this.excluded = new Set(exdates.map((e) => localToEpochMs(e, timeZone)));
    this.engine = rule ? buildEngine(rule, dtstart, this.untilMs, timeZone) : null;
  }

  /**
   * Occurrences whose `[start, end)` overlaps `[fromMs, toMs)`, sorted, at most `maxOccurrences`
   * (beyond that a `range_too_large` error: the caller asked for an unbounded amount of work).
   */
  overlapping(fromMs: number, toMs: number, maxOccurrences: number): Occurrence[] {
    const { durationMs, timeZone } = this.definition;
    const earliestStart = fromMs - durationMs; // exclusive: an occurrence must end after fromMs
    if (!this.engine) {
      const only = this.dtstartMs;
      return only > earliestStart && only < toMs && !this.excluded.has(only)
        ? [{ startMs: only, endMs: only + durationMs }]
        : [];
    }
    const fromWall = wallMs(earliestStart, timeZone) - WALL_MARGIN_MS;
    const toWall = wallMs(toMs, timeZone) + WALL_MARGIN_MS;
    const walls = this.guard(() =>
      this.engine!.between(new Date(fromWall), new Date(toWall), true),
    );
    const result: Occurrence[] = [];
    for (const wall of walls) {
      const startMs = zonedMs(wall.epochMilliseconds, timeZone);
      if (startMs <= earliestStart || startMs >= toMs) continue;
      if (this.untilMs !== undefined && startMs > this.untilMs) continue;
      if (startMs < this.dtstartMs || this.excluded.has(startMs)) continue;
      if (result.length >= maxOccurrences) {
        throw new DomainError(
          'range_too_large',
          `the requested range holds more than ${maxOccurrences} occurrences of one schedule; ask for a shorter range`,
          { max_occurrences: maxOccurrences },
        );
      }
      result.push({ startMs, endMs: startMs + durationMs });
    }
    return result;
  }

  /** The library's safety caps (iterations per query) surface as a clear client error. */
  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/Maximum iterations|maxIterations|candidate evaluations/i.test(message)) {
        throw new DomainError(
          'validation_error',
          'recurrence_rule: the rule is too sparse to expand within the safety limit (its occurrences are decades apart); use UNTIL or a denser rule',
          { field: 'recurrence_rule' },
        );
      }
      throw err;
    }
  }

  /**
   * The first occurrence starting at or after `atMs`, or null if the series has ended by then.
   * Searches year by year (a February 29th rule may skip several), at most `maxYears`.
   */
  firstAtOrAfter(atMs: number, maxYears = 8): Occurrence | null {
    const year = 366 * DAY_MS;
    const { durationMs } = this.definition;
    for (let from = atMs; from < atMs + maxYears * year; from += year) {
      // overlapping() also returns occurrences that started earlier: shift by the duration.
      const found = this.overlapping(
        from + durationMs - 1,
        from + year,
        Number.MAX_SAFE_INTEGER,
      ).find((o) => o.startMs >= atMs);
      if (found) return found;
    }
    return null;
  }

  /**
   * The instants between which occurrences can exist: `[first start, last end)`, `endMs` null for
   * a series without end. COUNT is resolved exactly (COUNT is capped, so this is bounded).
   */
  lifetime(): { startMs: number; endMs: number | null } {
    const { rule, durationMs, timeZone } = this.definition;
    const startMs = this.dtstartMs;
    if (!this.engine || !rule) return { startMs, endMs: startMs + durationMs };
    if (this.untilMs !== undefined)
      return { startMs, endMs: Math.max(startMs, this.untilMs) + durationMs };
    if (rule.count === undefined) return { startMs, endMs: null };
    const engine = this.engine;
    const all = this.guard(() => engine.all());
    const last = all[all.length - 1];
    return {
      startMs,
      endMs: (last ? zonedMs(last.epochMilliseconds, timeZone) : startMs) + durationMs,
    };
  }
}

function buildEngine(
  rule: RecurrenceRule,
  dtstart: LocalDateTime,
  untilMs: number | undefined,
  timeZone: string,
): RRuleTemporal {
  const floating = (wall: number) =>
    Temporal.Instant.fromEpochMilliseconds(wall).toZonedDateTimeISO('UTC');
  return new RRuleTemporal({
    freq: rule.freq,
    interval: rule.interval,
    ...(rule.count !== undefined && { count: rule.count }),
    // UNTIL is checked exactly on instants afterwards; here only a generous wall-clock bound.
    ...(untilMs !== undefined && { until: floating(wallMs(untilMs, timeZone) + WALL_MARGIN_MS) }),
    ...(rule.byDay && { byDay: rule.byDay.map((d) => `${d.ordinal ?? ''}${d.weekday}`) }),
    ...(rule.byMonthDay && { byMonthDay: [...rule.byMonthDay] }),
    ...(rule.byMonth && { byMonth: [...rule.byMonth] }),
    ...(rule.byYearDay && { byYearDay: [...rule.byYearDay] }),
    ...(rule.byWeekNo && { byWeekNo: [...rule.byWeekNo] }),
    ...(rule.bySetPos && { bySetPos: [...rule.bySetPos] }),
    ...(rule.byHour && { byHour: [...rule.byHour] }),
    ...(rule.byMinute && { byMinute: [...rule.byMinute] }),
    ...(rule.bySecond && { bySecond: [...rule.bySecond] }),
    ...(rule.wkst && { wkst: rule.wkst }),
    tzid: 'UTC',
    // Bounded work per query: sparse rules (Feb 29 daily) get a clear 400, never a hang.
    maxIterations: 50_000,
    // The contract: start_datetime is the first occurrence, even where the rule would not select it.
    includeDtstart: true,
    dtstart: Temporal.PlainDateTime.from(dtstart).toZonedDateTime('UTC'),
  });
}

/** The local wall time of an instant in `timeZone`, as if that wall time were UTC. */
function wallMs(epochMs: number, timeZone: string): number {
  return epochToWallMs(epochMs, timeZone);
}

/** The instant of a floating wall time placed in `timeZone` (gap forward, fold earlier). */
function zonedMs(wall: number, timeZone: string): number {
  return wallToEpochMs(wall, timeZone);
}
