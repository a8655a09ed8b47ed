import { Temporal } from 'temporal-polyfill';
import { DAY_MS } from './durations.ts';

/** A stretch of time with one UTC offset in one zone: `[fromMs, toMs)`. */
interface Segment {
  readonly fromMs: number;
  readonly toMs: number;
  readonly offsetMs: number;
}

/** Per zone: the segments met so far, sorted and disjoint, and the one used last. */
interface ZoneSegments {
  readonly sorted: Segment[];
  last: Segment | null;
}

const zones = new Map<string, ZoneSegments>();

function exactOffset(epochMs: number, timeZone: string): number {
  return (
    Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone).offsetNanoseconds /
    1e6
  );
}

/** The segment holding `epochMs`, from the zone's transitions before and after it. */
function segmentAt(epochMs: number, timeZone: string): Segment {
  const zoned = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(timeZone);
  const offsetMs = zoned.offsetNanoseconds / 1e6;
  const previous = zoned.getTimeZoneTransition('previous');
  const next = zoned.getTimeZoneTransition('next');
  let fromMs = previous ? previous.epochMilliseconds : -Infinity;
  // At a transition's very instant "previous" is the one before it; the segment starts here then.
  if (fromMs !== -Infinity && exactOffset(fromMs, timeZone) !== offsetMs) fromMs = epochMs;
  return { fromMs, toMs: next ? next.epochMilliseconds : Infinity, offsetMs };
}

/** Index of the first segment starting after `epochMs`. */
function upperBound(sorted: readonly Segment[], epochMs: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as Segment).fromMs <= epochMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The UTC offset (ms) in force at an instant in a zone. Cached per zone and transition: each
 * stretch between two transitions is computed once with Temporal (the polyfill spends µs per
 * conversion), then an instant costs a comparison with the last stretch used, or a binary search.
 * Formatting a view's instants was ~5 % of a cached view's CPU in the server profile.
 */
export function offsetAt(epochMs: number, timeZone: string): number {
  let zone = zones.get(timeZone);
  if (zone === undefined) zones.set(timeZone, (zone = { sorted: [], last: null }));
  const last = zone.last;
  if (last !== null && last.fromMs <= epochMs && epochMs < last.toMs) return last.offsetMs;
  const i = upperBound(zone.sorted, epochMs);
  let found = zone.sorted[i - 1];
  if (found === undefined || epochMs >= found.toMs) {
    found = segmentAt(epochMs, timeZone);
    zone.sorted.splice(i, 0, found);
  }
  zone.last = found;
  return found.offsetMs;
}

/**
 * The instant of a wall-clock time (given as ms of that wall time read as UTC) in a zone, with
 * Temporal's `compatible` disambiguation: a gap moves forward, a fold takes the earlier offset.
 * Fast path when the offset is the same a day before and after (no transition nearby).
 */
export function wallToEpochMs(wallMs: number, timeZone: string): number {
  const before = offsetAt(wallMs - DAY_MS, timeZone);
  const after = offsetAt(wallMs + DAY_MS, timeZone);
  if (before === after) return wallMs - before;
  return Temporal.Instant.fromEpochMilliseconds(wallMs)
    .toZonedDateTimeISO('UTC')
    .toPlainDateTime()
    .toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** The wall-clock time of an instant in a zone, as ms of that wall time read as UTC. */
export function epochToWallMs(epochMs: number, timeZone: string): number {
  return epochMs + offsetAt(epochMs, timeZone);
}

const offsetTexts = new Map<number, string>();

/** `+01:00`, `-04:00`, `+05:45` for an offset in ms (memoised: a zone has few offsets). */
export function formatOffset(offsetMs: number): string {
  let text = offsetTexts.get(offsetMs);
  if (text === undefined) offsetTexts.set(offsetMs, (text = offsetText(offsetMs)));
  return text;
}

function offsetText(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}
