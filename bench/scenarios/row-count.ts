import { silentLogger } from '../../src/services/logger.ts';
import type { Storage } from '../../src/storage/storage.ts';
import type { BenchEnv } from '../support/bench-plan.ts';
import { bulkScheduleInput, SCHEDULES_PER_SPECIALIST } from '../support/bulk-seed.ts';
import { BENCH_ZONE, weekStart } from '../support/calendar-weeks.ts';
import { expectCount } from '../support/measure.ts';
import { EAGER_WEEKLY_ROWS } from './create-schedule.ts';

const SPECIALISTS = 4;
const WEEKS_VIEWED = 8;

export interface RowCountMode {
  readonly schedules: number;
  readonly weeks_viewed: number;
  readonly occurrences_viewed: number;
  readonly template_rows: number;
  readonly instance_rows: number;
  readonly rows_per_schedule: number;
}

export interface RowCountResult {
  readonly lazy: RowCountMode;
  readonly eager: RowCountMode;
}

async function rowsOf(storage: Storage, specialistIds: number[]) {
  const count = async (table: 'schedules' | 'instances') =>
    Number(
      (
        await storage.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('specialist_id', 'in', specialistIds)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { templates: await count('schedules'), instances: await count('instances') };
}

/**
 * Scenario 5: create N = 20 weekly schedules (4 specialists × 5) through the service, view
 * W = 8 weeks of each specialist twice, then count their rows. Lazy: exactly N templates plus
 * the distinct occurrences the views returned; eager: N plus N × 105 whatever was viewed.
 */
export async function benchRowCount(env: BenchEnv): Promise<RowCountResult> {
  const out: { lazy?: RowCountMode; eager?: RowCountMode } = {};
  for (const mode of ['lazy', 'eager'] as const) {
    const ctx = env.context(mode);
    const ids: number[] = [];
    for (let s = 0; s < SPECIALISTS; s++) {
      const { specialist: row } = await ctx.specialists.create({
        name: `Rows ${mode} ${s}`,
        timezone: BENCH_ZONE,
      });
      ids.push(row.id);
      for (let k = 0; k < SCHEDULES_PER_SPECIALIST; k++)
        await ctx.schedules.create(
          row.id,
          bulkScheduleInput(env.thisMonday.subtract({ weeks: 60 }), s, k),
        );
    }
    const seen = new Set<number>();
    for (let pass = 0; pass < 2; pass++)
      for (const sp of ids)
        for (let w = 0; w < WEEKS_VIEWED; w++) {
          const v = await ctx.calendar.view(
            sp,
            { startDate: weekStart(env.thisMonday, w - 4) },
            silentLogger,
          );
          expectCount(`rows ${mode}: week returns`, v.instances.length, SCHEDULES_PER_SPECIALIST);
          for (const i of v.instances) if (i.id !== null) seen.add(i.id);
        }
    const schedules = SPECIALISTS * SCHEDULES_PER_SPECIALIST;
    expectCount(`rows ${mode}: occurrences viewed`, seen.size, schedules * WEEKS_VIEWED);
    const rows = await rowsOf(env.db.storage, ids);
    expectCount(`rows ${mode}: templates`, rows.templates, schedules);
    const expectedInstances = mode === 'lazy' ? seen.size : schedules * EAGER_WEEKLY_ROWS;
    expectCount(`rows ${mode}: instances`, rows.instances, expectedInstances);
    out[mode] = {
      schedules,
      weeks_viewed: WEEKS_VIEWED,
      occurrences_viewed: seen.size,
      template_rows: rows.templates,
      instance_rows: rows.instances,
      rows_per_schedule: (rows.templates + rows.instances) / schedules,
    };
  }
  return out as RowCountResult;
}
