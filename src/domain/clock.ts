/** "Now", injected: domain code never reads the system clock itself, so tests can pin it. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The real clock, used by the composition root. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock frozen at one instant, e.g. `fixedClock(Date.parse('2026-12-02T10:00:00Z'))`. */
export function fixedClock(epochMs: number): Clock {
  return { now: () => epochMs };
}
