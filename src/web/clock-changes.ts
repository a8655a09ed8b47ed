import { addDays, dayLabel } from './wall-time.ts';
import { instantOfWall, offsetLabel, offsetMinutes } from './zoned-time.ts';

/** A day on which a zone's clocks change, with the offsets (minutes) before and after. */
export interface ClockChange {
  readonly date: string;
  readonly before: number;
  readonly after: number;
}

/** The zone's offset at local noon of a date, when no zone is between changes. */
function offsetAtNoon(zone: string, date: string): number {
  return offsetMinutes(zone, instantOfWall(`${date}T12:00:00`, zone));
}

/**
 * The clock change on a local date, or null. Offsets are compared at noon of the day before and
 * of the day itself: changes happen at night, so the change belongs to the day after that night.
 * @example clockChangeOn('America/New_York', '2027-03-14') → { date: '2027-03-14', before: -300, after: -240 }
 */
export function clockChangeOn(zone: string, date: string): ClockChange | null {
  const before = offsetAtNoon(zone, addDays(date, -1));
  const after = offsetAtNoon(zone, date);
  return before === after ? null : { date, before, after };
}

/** The offset the range opens with, and every clock change within it (both dates inclusive). */
export function rangeOffsets(
  zone: string,
  start: string,
  end: string,
): { readonly offset: number; readonly changes: readonly ClockChange[] } {
  const changes: ClockChange[] = [];
  for (let d = addDays(start, 1); d <= end; d = addDays(d, 1)) {
    const change = clockChangeOn(zone, d);
    if (change) changes.push(change);
  }
  return { offset: offsetAtNoon(zone, start), changes };
}

/**
 * What the page says about the grid's zone for the range on screen: the offset of that range
 * (not today's), and the day the clocks change if they do.
 * @example zoneCaption('America/New_York', '2027-03-08', '2027-03-14')
 *   → 'Times in America/New_York (UTC−05:00; from Sun 14 Mar UTC−04:00)'
 */
export function zoneCaption(zone: string, start: string, end: string): string {
  const { offset, changes } = rangeOffsets(zone, start, end);
  const after = changes.map((c) => `; from ${dayLabel(c.date)} ${offsetLabel(c.after)}`).join('');
  return `Times in ${zone} (${offsetLabel(offset)}${after})`;
}

/** "Clocks change: UTC−05:00 → UTC−04:00" for a day's header. */
export function clockChangeText(change: ClockChange): string {
  return `Clocks change: ${offsetLabel(change.before)} → ${offsetLabel(change.after)}`;
}
