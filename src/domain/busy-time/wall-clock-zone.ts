import { epochToWallMs, wallToEpochMs } from '../time/zone-offsets.ts';
import { DAY_MS } from './calendar-time.ts';

/**
 * A time zone as the expansion needs it: wall clock ↔ instant. `toInstant` follows RFC 5545
 * §3.3.5: a wall time in a spring gap is read with the offset before the gap (so it moves forward
 * by the gap), an ambiguous one in an autumn fold takes the earlier instant.
 */
export interface WallClockZone {
  /** The name the feed used, for warnings. */
  readonly id: string;
  /** The instant (epoch ms) of a wall-clock time given as ms read as if it were UTC. */
  toInstant(wallMs: number): number;
  /** The wall-clock time of an instant, as ms read as if it were UTC. */
  toWall(epochMs: number): number;
}

/** UTC: wall clock and instant coincide. */
export const UTC_ZONE: WallClockZone = {
  id: 'UTC',
  toInstant: (wallMs) => wallMs,
  toWall: (epochMs) => epochMs,
};

/**
 * An IANA zone of the runtime's tz database (the project's memoised offsets, Temporal's
 * `compatible` disambiguation: the same gap and fold rules).
 *
 * @example ianaZone('Europe/Berlin').toInstant(Date.UTC(2026, 2, 29, 2, 30)) // Date.UTC(2026, 2, 29, 1, 30): 03:30 CEST
 */
export function ianaZone(name: string): WallClockZone {
  return {
    id: name,
    toInstant: (wallMs) => wallToEpochMs(wallMs, name),
    toWall: (epochMs) => epochToWallMs(epochMs, name),
  };
}

/** From `atMs` on (an instant), the zone's UTC offset is `offsetMs`. */
export interface OffsetChange {
  readonly atMs: number;
  readonly offsetMs: number;
}

/**
 * A zone defined by a table of offset changes (what a VTIMEZONE expands to): the offset before
 * the first change is `initialOffsetMs`. `changes` must be sorted by `atMs`.
 *
 * @example
 * const cet = offsetTableZone('X', 3_600_000, [{ atMs: Date.UTC(2026, 2, 29, 1), offsetMs: 7_200_000 }]);
 * cet.toInstant(Date.UTC(2026, 2, 29, 2, 30)) // Date.UTC(2026, 2, 29, 1, 30): moved forward by the gap
 */
export function offsetTableZone(
  id: string,
  initialOffsetMs: number,
  changes: readonly OffsetChange[],
): WallClockZone {
  const offsetAt = (epochMs: number): number => {
    let lo = 0;
    let hi = changes.length; // first change after epochMs
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (changes[mid]!.atMs <= epochMs) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? initialOffsetMs : changes[lo - 1]!.offsetMs;
  };
  return {
    id,
    toWall: (epochMs) => epochMs + offsetAt(epochMs),
    toInstant: (wallMs) => {
      // Offsets change at most once within a day of any wall time, so the offsets a day before
      // and a day after are the only candidates.
      const before = offsetAt(wallMs - DAY_MS);
      const after = offsetAt(wallMs + DAY_MS);
      if (before === after) return wallMs - before;
      const early = wallMs - before;
      const late = wallMs - after;
      const earlyValid = offsetAt(early) === before;
      const lateValid = offsetAt(late) === after;
      if (earlyValid && lateValid) return Math.min(early, late); // fold: the earlier instant
      if (lateValid) return late;
      return early; // valid before the change, or a gap: read with the offset before it
    },
  };
}
