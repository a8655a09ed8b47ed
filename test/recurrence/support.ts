import { parseRule } from '../../src/domain/recurrence/parse-rule.ts';
import { Recurrence } from '../../src/domain/recurrence/recurrence.ts';
import {
  formatInstant,
  localToEpochMs,
  parseLocalDate,
  startOfDay,
} from '../../src/domain/time/date-time.ts';

/** Expands `rrule` from `dtstart` in `tz` over inclusive local dates, as RFC 3339 strings. */
export function expand(
  tz: string,
  dtstart: string,
  rrule: string | null,
  window: [string, string],
  opts: { exdates?: string[]; durationMs?: number; max?: number } = {},
): string[] {
  const series = new Recurrence({
    rule: rrule === null ? null : parseRule(rrule),
    dtstart,
    timeZone: tz,
    durationMs: opts.durationMs ?? 3_600_000,
  });
  const excluded = new Set((opts.exdates ?? []).map((e) => localToEpochMs(e, tz)));
  const from = startOfDay(parseLocalDate(window[0], 'from'), tz);
  const to = startOfDay(parseLocalDate(window[1], 'to').add({ days: 1 }), tz);
  return series
    .overlapping(from, to, opts.max ?? 10_000)
    .filter((o) => !excluded.has(o.startMs))
    .map((o) => formatInstant(o.startMs, tz));
}
