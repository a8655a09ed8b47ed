/** One blocking occurrence a candidate reports, clipped to the window. */
export interface CandidateOccurrence {
  readonly uid: string;
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * A way to turn an iCalendar text into busy occurrences in `[fromMs, toMs)`: what each library
 * offers used the way its documentation shows, plus the same product rules (TRANSP/STATUS, DATE
 * and floating values in the calendar zone, clipping) applied identically.
 */
export interface Candidate {
  readonly name: string;
  expand(ics: string, fromMs: number, toMs: number): CandidateOccurrence[];
}

/** Keeps an occurrence if it overlaps the window, clipped to it. */
export function clipped(
  out: CandidateOccurrence[],
  uid: string,
  startMs: number,
  endMs: number,
  fromMs: number,
  toMs: number,
): void {
  const s = Math.max(startMs, fromMs);
  const e = Math.min(endMs, toMs);
  if (s < e) out.push({ uid, startMs: s, endMs: e });
}

/** X-WR-TIMEZONE of a text (the calendar zone for DATE and floating values), else UTC. */
export function calendarZoneOf(ics: string): string {
  return /^X-WR-TIMEZONE:(.+?)\r?$/m.exec(ics)?.[1]?.trim() ?? 'UTC';
}
