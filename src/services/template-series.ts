import type { Occurrence, Series } from '../domain/recurrence/series.ts';
import type { SeriesCache } from '../domain/recurrence/series-cache.ts';
import type { InstanceRow, ScheduleRow } from '../storage/tables.ts';

/** The compiled series of a stored template (cached by content). */
export function seriesOfRow(cache: SeriesCache, row: ScheduleRow): Series {
  return cache.get({
    recurrenceRule: row.recurrence_rule,
    dtstart: row.dtstart_local,
    timeZone: row.timezone,
    durationMs: row.duration_ms,
    exdates: JSON.parse(row.exdates) as string[],
  });
}

/** The row of a plain (never edited) occurrence of a template. */
export function plainInstanceRow(
  row: Pick<ScheduleRow, 'id' | 'specialist_id'>,
  o: Occurrence,
  nowMs: number,
): Omit<InstanceRow, 'id'> {
  return {
    schedule_id: row.id,
    specialist_id: row.specialist_id,
    original_start: o.startMs,
    start_at: o.startMs,
    end_at: o.endMs,
    title: null,
    status: 'confirmed',
    is_exception: 0,
    created_at: nowMs,
  };
}
