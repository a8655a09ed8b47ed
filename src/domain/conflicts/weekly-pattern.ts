import type { RecurrenceRule } from '../recurrence/recurrence-rule.ts';
import { WEEKDAYS } from '../recurrence/recurrence-rule.ts';

const MINUTES_PER_WEEK = 7 * 24 * 60;

/**
 * The occurrences of a series folded onto one week: `[startMinute, endMinute)` of local wall time
 * from Monday 00:00. Only series whose occurrences all land on such slots get one — weekly or
 * daily with INTERVAL=1 and at most plain BYDAY weekdays; anything richer returns null and is
 * expanded instead.
 */
export type WeeklyPattern = ReadonlyArray<readonly [number, number]>;

/**
 * A superset of the slots `rule` occupies in any week, or null when the rule is not weekly-periodic.
 *
 * @example weeklyPattern(parseRule('FREQ=WEEKLY;BYDAY=SA'), '2026-12-05T09:00:00', 8 * 3600e3) // [[7740, 8220]]
 */
export function weeklyPattern(
  rule: RecurrenceRule | null,
  dtstart: string,
  durationMs: number,
): WeeklyPattern | null {
  const start = new Date(`${dtstart}Z`);
  const dtstartDay = (start.getUTCDay() + 6) % 7; // Monday = 0
  const minuteOfDay = start.getUTCHours() * 60 + start.getUTCMinutes();
  const durationMin = Math.ceil(durationMs / 60_000);
  let days: number[];
  if (rule === null) {
    days = [dtstartDay];
  } else {
    const {
      freq,
      interval,
      byDay,
      byMonth,
      byMonthDay,
      byYearDay,
      byWeekNo,
      bySetPos,
      byHour,
      byMinute,
      bySecond,
    } = rule;
    const plain =
      !byMonth &&
      !byMonthDay &&
      !byYearDay &&
      !byWeekNo &&
      !bySetPos &&
      !byHour &&
      !byMinute &&
      !bySecond;
    if (!plain || interval !== 1 || (freq !== 'WEEKLY' && freq !== 'DAILY')) return null;
    if (byDay?.some((d) => d.ordinal !== undefined)) return null;
    const selected = byDay?.map((d) => WEEKDAYS.indexOf(d.weekday));
    days = selected ?? (freq === 'DAILY' ? [0, 1, 2, 3, 4, 5, 6] : [dtstartDay]);
    // DTSTART is always an occurrence, even off-pattern: keep the superset honest.
    if (!days.includes(dtstartDay)) days = [...days, dtstartDay];
  }
  return days.map((d) => {
    const s = d * 24 * 60 + minuteOfDay;
    return [s, s + durationMin] as const;
  });
}

/**
 * Whether two weekly patterns can overlap in some week. `toleranceMin` widens every slot on both
 * sides to absorb DST: a spring gap moves a start by up to the gap, and an exact duration ends an
 * hour off in wall time on a transition day. False means: provably never overlapping.
 */
export function patternsMayOverlap(
  a: WeeklyPattern,
  b: WeeklyPattern,
  toleranceMin = 120,
): boolean {
  for (const [as, ae] of a) {
    for (const [bs, be] of b) {
      for (let k = -2; k <= 2; k++) {
        const shift = k * MINUTES_PER_WEEK;
        if (
          as - toleranceMin < be + shift + toleranceMin &&
          bs + shift - toleranceMin < ae + toleranceMin
        )
          return true;
      }
    }
  }
  return false;
}
