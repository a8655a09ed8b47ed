import type { Temporal } from 'temporal-polyfill';
import { localToEpochMs } from '../../src/domain/time/date-time.ts';
import { validateSchedule, type ScheduleDraft } from '../../src/domain/schedules/schedule-draft.ts';
import type { Storage } from '../../src/storage/storage.ts';
import type { NewScheduleRow } from '../../src/storage/tables.ts';
import { BENCH_ZONE } from './calendar-weeks.ts';
import { expectCount } from './measure.ts';

/** Weekly one-hour blocks per bulk-seeded specialist, Monday to Friday. */
export const SCHEDULES_PER_SPECIALIST = 5;

/**
 * The schedule input of bulk specialist `i`, block `k`: weekly on weekday `k`, DTSTART within the
 * year from `base` (a Monday) and at a minute that depends on `i`, so templates differ in content
 * (≈15,600 distinct series, more than the series cache holds) as real ones would.
 */
export function bulkScheduleInput(base: Temporal.PlainDate, i: number, k: number) {
  const day = base.add({ days: k + 7 * (i % 52) });
  const minute = Math.floor(i / 52) % 60;
  const start = day.toPlainDateTime({ hour: 8, minute });
  const end = start.add({ hours: 1 });
  return {
    title: `Block ${k}`,
    start_datetime: start.toString({ smallestUnit: 'minute' }),
    end_datetime: end.toString({ smallestUnit: 'minute' }),
    recurrence_rule: 'FREQ=WEEKLY',
  };
}

/**
 * Appends specialists `[from, to)` with 5 weekly templates each, by multi-row INSERTs through
 * Kysely (the service's one-by-one create with its overlap check would take minutes at 100k).
 * The columns are the service's own (`buildTemplate` → `templateColumns`); only the DTSTART
 * instant is recomputed per row, which is checked against `buildTemplate` on a sample first.
 * Returns the ids of the new specialists in order.
 */
export async function bulkSeed(
  storage: Storage,
  base: Temporal.PlainDate,
  from: number,
  to: number,
  nowMs: number,
): Promise<number[]> {
  const columnsOf = (d: ScheduleDraft) => ({
    title: d.title,
    recurrence_rule: d.rule,
    dtstart_local: d.dtstart,
    duration_ms: d.durationMs,
    timezone: d.timeZone,
    exdates: JSON.stringify(d.exdates),
    starts_at: d.startsAt,
    ends_at: d.endsAt,
  });
  const proto = columnsOf(validateSchedule(bulkScheduleInput(base, 0, 0), BENCH_ZONE));
  const rowOf = (specialistId: number, i: number, k: number): NewScheduleRow => {
    const input = bulkScheduleInput(base, i, k);
    const dtstart = `${input.start_datetime}:00`;
    return {
      ...proto,
      title: input.title,
      dtstart_local: dtstart,
      starts_at: localToEpochMs(dtstart, BENCH_ZONE),
      specialist_id: specialistId,
      recurring_event_id: `bulk-${i}-${k}`,
      is_active: 1,
      deleted_at: null,
      materialized_ranges: '[]',
      created_at: nowMs,
      updated_at: nowMs,
    };
  };
  for (const [i, k] of [
    [from, 0],
    [to - 1, 4],
    [Math.floor((from + to) / 2), 2],
  ] as const) {
    const expected = columnsOf(validateSchedule(bulkScheduleInput(base, i, k), BENCH_ZONE));
    const got = rowOf(0, i, k);
    for (const key of Object.keys(expected) as Array<keyof typeof expected>)
      if (expected[key] !== got[key])
        throw new Error(
          `bulk seed column ${key} differs from validateSchedule: ${String(got[key])}`,
        );
  }
  const ids: number[] = [];
  const batch = Math.floor(storage.capabilities.maxRowsPerStatement / SCHEDULES_PER_SPECIALIST);
  for (let start = from; start < to; start += batch) {
    const end = Math.min(to, start + batch);
    await storage.transaction(async (db) => {
      const specialists = await db
        .insertInto('specialists')
        .values(
          Array.from({ length: end - start }, (_, j) => ({
            name: `Bulk ${start + j}`,
            timezone: BENCH_ZONE,
            token_hash: null,
            created_at: nowMs,
          })),
        )
        .returning('id')
        .execute();
      expectCount('bulk specialists inserted', specialists.length, end - start);
      const rows: NewScheduleRow[] = [];
      specialists.forEach(({ id }, j) => {
        ids.push(id);
        for (let k = 0; k < SCHEDULES_PER_SPECIALIST; k++) rows.push(rowOf(id, start + j, k));
      });
      await db.insertInto('schedules').values(rows).execute();
    });
  }
  return ids;
}

/** Template and instance rows of the whole database. */
export async function countRows(
  storage: Storage,
): Promise<{ templates: number; instances: number }> {
  const t = await storage.db
    .selectFrom('schedules')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const i = await storage.db
    .selectFrom('instances')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { templates: Number(t.n), instances: Number(i.n) };
}
