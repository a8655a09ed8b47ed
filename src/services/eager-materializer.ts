import type { Clock } from '../domain/clock.ts';
import { addRange, parseRanges } from '../domain/instances/materialized-ranges.ts';
import type { SeriesCache } from '../domain/recurrence/series-cache.ts';
import { inTransaction } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import type { ScheduleRow } from '../storage/tables.ts';
import { plainInstanceRow, seriesOfRow } from './template-series.ts';

const DAY_MS = 86_400_000;

/**
 * The approach Recurra replaced, kept for comparison and for migration tests: every occurrence
 * of a template from its start over a fixed horizon, written at once. The window is recorded as
 * materialized, so lazy views on top of eager data expand nothing and insert nothing.
 */
export class EagerMaterializer {
  constructor(
    private readonly storage: Storage,
    private readonly series: SeriesCache,
    private readonly clock: Clock,
    private readonly horizonDays: number,
  ) {}

  /**
   * Generates `[start, start + horizonDays)` of one template (the constructor's horizon unless
   * given) and records it as materialized; returns the rows created, e.g. 105 for a weekly rule
   * over 730 days, 0 when run again.
   */
  async materializeSchedule(
    row: ScheduleRow,
    horizonDays: number = this.horizonDays,
  ): Promise<number> {
    const fromMs = row.starts_at;
    const toMs = row.starts_at + horizonDays * DAY_MS;
    const now = this.clock.now();
    return inTransaction(this.storage, async (repos) => {
      // Expanded from the row as locked: an edit committed meanwhile is what counts.
      const [locked] = await repos.schedules.lockByIds([row.id]);
      if (!locked || locked.is_active !== 1) return 0;
      const rows = seriesOfRow(this.series, locked)
        .overlapping(fromMs, toMs, Number.MAX_SAFE_INTEGER)
        .map((o) => plainInstanceRow(locked, o, now));
      const created = await repos.instances.insertMissing(rows);
      await repos.schedules.setMaterializedRanges([
        {
          id: row.id,
          ranges: JSON.stringify(addRange(parseRanges(locked.materialized_ranges), fromMs, toMs)),
        },
      ]);
      return created;
    });
  }
}
