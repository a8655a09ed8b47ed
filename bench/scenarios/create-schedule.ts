import type { AppContext } from '../../src/context.ts';
import { DEFAULT_LIMITS } from '../../src/config.ts';
import { countRows } from '../support/bulk-seed.ts';
import type { BenchEnv } from '../support/bench-plan.ts';
import { expectCount, timeIt, type Timing } from '../support/measure.ts';

/** Occurrences of a weekly schedule in the eager horizon (730 days: days 0, 7, … 728 → 105). */
export const EAGER_WEEKLY_ROWS = Math.ceil(DEFAULT_LIMITS.eagerHorizonDays / 7);

export interface CreateResult {
  readonly lazy: Timing & { readonly rows_written: number };
  readonly eager: Timing & { readonly rows_written: number; readonly horizon_days: number };
}

/** Makes `n` fresh specialists (untimed), so every create starts from the same state. */
async function freshSpecialists(ctx: AppContext, n: number, label: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++)
    ids.push(
      (await ctx.specialists.create({ name: `${label} ${i}`, timezone: 'Europe/Berlin' }))
        .specialist.id,
    );
  return ids;
}

/**
 * Scenario 1: create one weekly schedule through `ScheduleService.create`. Lazy writes the
 * template row only; eager (`materialize: 'eager'`) also writes every occurrence of 2 years.
 */
export async function benchCreateSchedule(env: BenchEnv): Promise<CreateResult> {
  const input = {
    title: 'Weekly consultation',
    start_datetime: `${env.thisMonday.toString()}T09:00`,
    end_datetime: `${env.thisMonday.toString()}T10:00`,
    recurrence_rule: 'FREQ=WEEKLY',
  };
  const { storage } = env.db;
  const plans = {
    lazy: { warmup: env.plan.warmup, reps: env.plan.reps },
    eager: { warmup: Math.max(2, Math.floor(env.plan.warmup / 4)), reps: env.plan.eagerReps },
  };
  const results: Record<string, Timing & { rows_written: number }> = {};
  for (const mode of ['lazy', 'eager'] as const) {
    const ctx = env.context(mode);
    const expected = mode === 'lazy' ? 1 : 1 + EAGER_WEEKLY_ROWS;
    const [probe] = await freshSpecialists(ctx, 1, `Create probe ${mode}`);
    const before = await countRows(storage);
    await ctx.schedules.create(probe as number, input);
    const after = await countRows(storage);
    expectCount(
      `${mode} create: rows written`,
      after.templates + after.instances - before.templates - before.instances,
      expected,
    );
    const plan = plans[mode];
    const ids = await freshSpecialists(ctx, plan.warmup + plan.reps, `Create ${mode}`);
    const timing = await timeIt(plan, (i) => ctx.schedules.create(ids[i] as number, input));
    const end = await countRows(storage);
    expectCount(
      `${mode} create: rows after ${ids.length} creates`,
      end.templates + end.instances - after.templates - after.instances,
      expected * ids.length,
    );
    results[mode] = { ...timing, rows_written: expected };
  }
  return {
    lazy: results.lazy as CreateResult['lazy'],
    eager: {
      ...(results.eager as CreateResult['lazy']),
      horizon_days: DEFAULT_LIMITS.eagerHorizonDays,
    },
  };
}
