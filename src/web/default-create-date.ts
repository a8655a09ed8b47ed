/**
 * The date "Add availability" starts from: today when today is on screen (or the screen shows
 * the past), else the first day of the period shown, never a day already gone.
 * `start` and `end` are the period's first and last local dates (a month view's own month, not
 * the days of other months its grid shows).
 * @example defaultCreateDate('2026-12-02', '2026-12-01', '2026-12-31') → '2026-12-02'
 * @example defaultCreateDate('2026-12-02', '2027-01-01', '2027-01-31') → '2027-01-01'
 */
export function defaultCreateDate(today: string, start: string, end: string): string {
  if (start > today && end >= start) return start;
  return today;
}
