import type { Temporal } from 'temporal-polyfill';
import { fixedClock } from '../../src/domain/clock.ts';
import { createContext } from '../../src/context.ts';
import type { AppContext } from '../../src/context.ts';
import type { BenchDatabase } from './bench-database.ts';

/** How much work one run does: `--quick` (CI) or the full run. */
export interface BenchPlan {
  readonly quick: boolean;
  /** Untimed and timed repetitions of the in-process scenarios. */
  readonly warmup: number;
  readonly reps: number;
  /** Warm-up and repetitions of eager creates (each writes ~105 rows). */
  readonly eagerReps: number;
  /** Specialist counts of the scale scenario, ascending. */
  readonly scaleLevels: readonly number[];
  /** Seconds per autocannon run. */
  readonly httpSeconds: number;
  readonly connections: number;
}

export function benchPlan(quick: boolean): BenchPlan {
  return quick
    ? {
        quick,
        warmup: 5,
        reps: 30,
        eagerReps: 10,
        scaleLevels: [100, 1_000],
        httpSeconds: 3,
        connections: 50,
      }
    : {
        quick,
        warmup: 20,
        reps: 200,
        eagerReps: 50,
        scaleLevels: [100, 1_000, 10_000, 100_000],
        httpSeconds: 10,
        connections: 50,
      };
}

/** What every scenario of one dialect shares: the database, "now" pinned for the run, week dates. */
export interface BenchEnv {
  readonly db: BenchDatabase;
  readonly plan: BenchPlan;
  readonly nowMs: number;
  /** Monday of the current week in the bench zone. */
  readonly thisMonday: Temporal.PlainDate;
  /** Monday two years before: DTSTARTs of bulk templates lie in the year after it. */
  readonly seedBase: Temporal.PlainDate;
  /** A context over the database with the real services, lazy unless asked. */
  context(materialize?: 'lazy' | 'eager'): AppContext;
}

/** Builds the shared environment of one dialect's scenarios. */
export function benchEnv(
  db: BenchDatabase,
  plan: BenchPlan,
  nowMs: number,
  thisMonday: Temporal.PlainDate,
): BenchEnv {
  return {
    db,
    plan,
    nowMs,
    thisMonday,
    seedBase: thisMonday.subtract({ weeks: 104 }),
    context: (materialize = 'lazy') =>
      createContext(db.storage, {
        clock: fixedClock(nowMs),
        defaultMetrics: false,
        materialize,
      }),
  };
}
