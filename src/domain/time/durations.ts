/** Lengths of time in milliseconds: the one place they are spelled out. */
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** An exact 24 h; a local day across a DST change is 23 or 25 h, so days of a calendar use dates. */
export const DAY_MS = 86_400_000;
