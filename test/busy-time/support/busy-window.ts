/** "Now" for every busy-calendar test: pinned, so no test depends on the day it runs. */
export const NOW_MS = Date.UTC(2026, 2, 1);

const DAY_MS = 86_400_000;

/** The window the contract keeps: `[now − 1 day, now + 400 days)` = 2026-02-28 … 2027-04-05 UTC. */
export const WINDOW = { fromMs: NOW_MS - DAY_MS, toMs: NOW_MS + 400 * DAY_MS } as const;

/** Generous limits: the tests that are not about limits must never meet them. */
export const LIMITS = { maxIntervals: 100_000 } as const;

/** `Date.UTC` from an ISO string without zone, read as UTC: `utc('2026-03-02T08:00')`. */
export function utc(iso: string): number {
  return Date.parse(`${iso}Z`);
}
