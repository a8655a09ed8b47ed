import { defaultLength, maxLengthMs, type BusyEvent, type EventLength } from './busy-event.ts';
import { DAY_MS, wallDay, type CalendarTime } from './calendar-time.ts';
import type { CalendarZones } from './calendar-zones.ts';
import { expandRuleWalls } from './expand-rule.ts';
import type { ExpansionBudget } from './expansion-budget.ts';
import type { IcalFrequency, IcalRule } from './ical-rule.ts';
import type { BusyInterval } from './merge-intervals.ts';
import type { WallClockZone } from './wall-clock-zone.ts';

/** One blocking occurrence, clipped to the window, with the UID it came from. */
export interface EventOccurrence extends BusyInterval {
  readonly uid: string;
}

/** What expanding the events of one calendar shares. */
export interface ExpansionContext {
  readonly zones: CalendarZones;
  readonly fromMs: number;
  readonly toMs: number;
  readonly budget: ExpansionBudget;
  readonly warn: (message: string) => void;
}

const PERIOD_MS: Record<IcalFrequency, number> = {
  SECONDLY: 1000,
  MINUTELY: 60_000,
  HOURLY: 3_600_000,
  DAILY: DAY_MS,
  WEEKLY: 7 * DAY_MS,
  MONTHLY: 28 * DAY_MS,
  YEARLY: 365 * DAY_MS,
};

/** Instances named by EXDATE or RECURRENCE-ID: by exact start, or by local day for a DATE naming a DATE-TIME series. */
class InstanceSet {
  private readonly instants = new Set<number>();
  private readonly days = new Set<number>();

  constructor(
    private readonly zones: CalendarZones,
    private readonly zone: WallClockZone,
    private readonly seriesIsDate: boolean,
  ) {}

  add(time: CalendarTime): void {
    if (time.isDate && !this.seriesIsDate) this.days.add(time.wallMs);
    else this.instants.add(this.zones.zoneOf(time, this.zone).toInstant(time.wallMs));
  }

  has(instant: number, wall: number): boolean {
    return this.instants.has(instant) || this.days.has(wallDay(wall));
  }
}

/** The end of an occurrence: RFC 5545 §3.3.6 adds nominal days on the wall clock, then exact time. */
function endOf(
  startMs: number,
  startWall: number,
  length: EventLength,
  zone: WallClockZone,
): number {
  const base = length.days ? zone.toInstant(startWall + length.days * DAY_MS) : startMs;
  return base + length.ms;
}

/**
 * How long each occurrence lasts. DTEND between dates: that many days. DTEND otherwise: the exact
 * time from DTSTART (RFC 5545 §3.8.5.3: "the same exact duration" for every instance). DURATION:
 * nominal days plus exact time. Neither: the §3.6.1 defaults (a day, or nothing).
 */
function lengthOf(event: BusyEvent, zone: WallClockZone, ctx: ExpansionContext): EventLength {
  const { start, end } = event;
  if (!end) return event.length ?? defaultLength(start);
  if (start.isDate && end.isDate) {
    return { days: Math.max(0, Math.round((end.wallMs - start.wallMs) / DAY_MS)), ms: 0 };
  }
  const ms = ctx.zones.zoneOf(end, zone).toInstant(end.wallMs) - zone.toInstant(start.wallMs);
  if (ms < 0) ctx.warn(`event "${event.uid}": DTEND is before DTSTART; it blocks nothing`);
  return { days: 0, ms: Math.max(0, ms) };
}

/** Wall-clock starts of one rule around the window, UNTIL applied exactly, the work paid for. */
function ruleWalls(
  rule: IcalRule,
  event: BusyEvent,
  zone: WallClockZone,
  fromWall: number,
  toWall: number,
  ctx: ExpansionContext,
): number[] {
  const dtstart = event.start.wallMs;
  if (dtstart > toWall) return [];
  const { until } = rule;
  let untilBound: number | null = null;
  let keep = (_wall: number) => true;
  if (until?.utc) {
    // The usual form (RFC 5545 requires UTC with a zoned DTSTART): compared as instants.
    untilBound = zone.toWall(until.wallMs) + DAY_MS;
    keep = (wall) => zone.toInstant(wall) <= until.wallMs;
  } else if (until?.isDate) {
    untilBound = until.wallMs + 2 * DAY_MS;
    keep = (wall) => wallDay(wall) <= until.wallMs; // the whole local day is included
  } else if (until) {
    untilBound = until.wallMs + DAY_MS;
    keep = (wall) => wall <= until.wallMs; // floating UNTIL: the DTSTART zone's wall clock
  }
  if (untilBound !== null && untilBound < fromWall) return []; // ended before the window
  const found = expandRuleWalls(rule, dtstart, fromWall, toWall, untilBound, ctx.budget.left);
  if ('tooManySteps' in found) throw ctx.budget.exceeded(event.uid);
  if ('failed' in found) {
    ctx.warn(`event "${event.uid}": RRULE ${found.failed}; only DTSTART is used`);
    return [];
  }
  // A COUNT rule walks every period from DTSTART to the window; an open one starts at the window.
  const walk =
    rule.count === null
      ? 0
      : Math.min(
          rule.count,
          Math.ceil((toWall - dtstart) / (PERIOD_MS[rule.freq] * rule.interval)),
        );
  ctx.budget.take(found.walls.length + walk, event.uid);
  return found.walls.filter(keep);
}

/**
 * The blocking occurrences of all VEVENTs sharing one UID (a series, its overrides, or a single
 * event) that overlap the window, clipped to it, in no particular order.
 *
 * A series contributes DTSTART, its RRULE and RDATE instances, minus EXDATEs and minus the
 * instances some RECURRENCE-ID overrides; an override contributes its own start and end, blocks
 * by its own TRANSP and STATUS (a cancelled override removes its instance), and when it has
 * neither DTEND nor DURATION lasts as long as the series. Of overrides naming the same instance
 * the highest SEQUENCE wins. An override without a series is an event of its own.
 *
 * @example uidOccurrences('weekly@google.com', [master, movedInstance], ctx) // [{ uid, startMs, endMs }, …]
 */
export function uidOccurrences(
  uid: string,
  events: readonly BusyEvent[],
  ctx: ExpansionContext,
): EventOccurrence[] {
  const { zones, fromMs, toMs, budget } = ctx;
  const out: EventOccurrence[] = [];
  const emit = (startMs: number, endMs: number) => {
    if (endMs > startMs && startMs < toMs && endMs > fromMs) {
      out.push({ uid, startMs: Math.max(startMs, fromMs), endMs: Math.min(endMs, toMs) });
    }
  };
  const masters = events.filter((e) => !e.recurrenceId);
  const series = masters[0];
  const seriesZone = series ? zones.zoneOf(series.start, zones.calendarZone) : zones.calendarZone;

  const overrides = new Map<number, BusyEvent>();
  for (const event of events) {
    if (!event.recurrenceId) continue;
    const key = zones.zoneOf(event.recurrenceId, seriesZone).toInstant(event.recurrenceId.wallMs);
    const other = overrides.get(key);
    if (!other || event.sequence >= other.sequence) overrides.set(key, event);
  }

  for (const master of masters) {
    if (!master.blocks) continue; // its overrides still block on their own
    const zone = zones.zoneOf(master.start, zones.calendarZone);
    const length = lengthOf(master, zone, ctx);
    const ownLengths = master.rdates.some((r) => r.end || r.length);
    if (length.days === 0 && length.ms === 0 && !ownLengths) continue; // blocks nothing
    const excluded = new InstanceSet(zones, zone, master.start.isDate);
    master.exdates.forEach((t) => excluded.add(t));
    const overridden = new InstanceSet(zones, zone, master.start.isDate);
    for (const o of overrides.values()) if (o.recurrenceId) overridden.add(o.recurrenceId);

    const fromWall = zone.toWall(fromMs) - maxLengthMs(length) - DAY_MS;
    const toWall = zone.toWall(toMs) + DAY_MS;
    const starts = new Map<number, { wall: number; endMs: number | null }>();
    const consider = (wall: number, instant: number, endMs: number | null) => {
      if (!starts.has(instant)) starts.set(instant, { wall, endMs });
    };
    budget.take(1 + master.rdates.length, uid);
    consider(master.start.wallMs, zone.toInstant(master.start.wallMs), null);
    for (const rule of master.rules) {
      for (const wall of ruleWalls(rule, master, zone, fromWall, toWall, ctx)) {
        consider(wall, zone.toInstant(wall), null);
      }
    }
    for (const rdate of master.rdates) {
      const instant = zones.zoneOf(rdate.start, zone).toInstant(rdate.start.wallMs);
      const wall = zone.toWall(instant);
      const endMs = rdate.end
        ? zones.zoneOf(rdate.end, zone).toInstant(rdate.end.wallMs)
        : rdate.length
          ? endOf(instant, wall, rdate.length, zone)
          : null;
      consider(wall, instant, endMs);
    }
    for (const [instant, { wall, endMs }] of starts) {
      if (excluded.has(instant, wall) || overridden.has(instant, wall)) continue;
      emit(instant, endMs ?? endOf(instant, wall, length, zone));
    }
  }

  for (const override of overrides.values()) {
    budget.take(1, uid);
    if (!override.blocks) continue;
    const zone = zones.zoneOf(override.start, seriesZone);
    const startMs = zone.toInstant(override.start.wallMs);
    const inherits =
      !override.end && !override.length && series?.start.isDate === override.start.isDate;
    const length =
      inherits && series ? lengthOf(series, seriesZone, ctx) : lengthOf(override, zone, ctx);
    emit(startMs, endOf(startMs, override.start.wallMs, length, zone));
  }
  return out;
}
