import { readBusyEvent, type BusyEvent } from './busy-event.ts';
import { DAY_MS } from './calendar-time.ts';
import { CalendarZones } from './calendar-zones.ts';
import { uidOccurrences, type EventOccurrence } from './event-occurrences.ts';
import { ExpansionBudget } from './expansion-budget.ts';
import { parseIcs } from './parse-ics.ts';
import { WarningList } from './warning-list.ts';

/** The span kept, `[fromMs, toMs)` in epoch ms (the service passes `[now − 1 day, now + 400 days)`). */
export interface BusyWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

/** Bounds on the work one calendar may cause. */
export interface BusyCalendarLimits {
  /**
   * Most occurrences the expansion may generate (each DTSTART, RDATE, override and rule instance
   * around the window, plus the periods a COUNT rule walks to reach it); beyond that the whole
   * calendar fails with `too_many_intervals`. A runaway rule meets this limit, never a hang.
   */
  readonly maxIntervals: number;
  /** Most VEVENT components; beyond that `too_many_events`, before parsing. Default 20,000. */
  readonly maxEvents?: number;
}

export const DEFAULT_MAX_EVENTS = 20_000;

/** Every blocking occurrence of a calendar in the window, before merging. */
export interface BusyOccurrences {
  /** Clipped to the window, sorted by start (then end, then UID). */
  readonly occurrences: EventOccurrence[];
  /** VEVENT components read (series, overrides and single events). */
  readonly events: number;
  /** What was skipped or read leniently, for the calendar's status. */
  readonly warnings: string[];
}

/**
 * Parses an iCalendar text and expands every blocking event into occurrences overlapping the
 * window: `expandBusyCalendar` without the merge, for callers (and tests) that need to know which
 * event blocks when. Pure: no clock, no IO; the same text and window give the same answer.
 *
 * @example
 * expandBusyOccurrences(ics, { fromMs: Date.UTC(2026, 1, 28), toMs: Date.UTC(2027, 3, 5) }, { maxIntervals: 50_000 })
 * // { occurrences: [{ uid: 'weekly-team-sync@google.com', startMs: …, endMs: … }, …], events: 26, warnings: [] }
 */
export function expandBusyOccurrences(
  icsText: string,
  window: BusyWindow,
  limits: BusyCalendarLimits,
): BusyOccurrences {
  const { fromMs, toMs } = window;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs >= toMs) {
    throw new RangeError(`window must be finite with fromMs < toMs, got ${fromMs}..${toMs}`);
  }
  const warnings = new WarningList();
  const calendars = parseIcs(icsText, limits.maxEvents ?? DEFAULT_MAX_EVENTS, warnings.add);
  const first = calendars[0]!;
  const vevents = calendars.flatMap((c) => c.getAllSubcomponents('vevent'));
  const byUid = new Map<string, BusyEvent[]>();
  let earliestWall = fromMs;
  vevents.forEach((vevent, index) => {
    const event = readBusyEvent(vevent, index, warnings.add);
    if (!event) return;
    earliestWall = Math.min(earliestWall, event.start.wallMs);
    const group = byUid.get(event.uid);
    if (group) group.push(event);
    else byUid.set(event.uid, [event]);
  });
  const xWrTimezone = first.getFirstPropertyValue('x-wr-timezone');
  const zones = new CalendarZones(
    calendars.flatMap((c) => c.getAllSubcomponents('vtimezone')),
    typeof xWrTimezone === 'string' && xWrTimezone.trim() ? xWrTimezone.trim() : null,
    earliestWall - 2 * DAY_MS,
    toMs + 2 * DAY_MS,
    warnings.add,
  );
  const ctx = {
    zones,
    fromMs,
    toMs,
    budget: new ExpansionBudget(limits.maxIntervals),
    warn: warnings.add,
  };
  const occurrences = [...byUid].flatMap(([uid, events]) => uidOccurrences(uid, events, ctx));
  occurrences.sort(
    (a, b) =>
      a.startMs - b.startMs || a.endMs - b.endMs || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0),
  );
  return { occurrences, events: vevents.length, warnings: warnings.list() };
}
