import { silentLogger } from '../../src/services/logger.ts';
import type { BenchEnv } from '../support/bench-plan.ts';
import { bulkSeed, countRows, SCHEDULES_PER_SPECIALIST } from '../support/bulk-seed.ts';
import { weekStart } from '../support/calendar-weeks.ts';
import { expectCount, timeIt, type Timing } from '../support/measure.ts';

/** Specialists whose week is revisited at every level, spread over the id range. */
const REVISIT_SAMPLE = 20;
/** A prime stride, coprime with every level, so fresh views walk the whole id range. */
const STRIDE = 7919;
/** Fresh weeks per level; bulk DTSTARTs end 53 weeks before now, so 4 levels × 5 stay after them. */
const WEEKS_PER_LEVEL = 5;

export interface ScaleLevel {
  readonly specialists: number;
  readonly templates_in_db: number;
  /** Bulk INSERT of this level's new specialists and templates (on top of the previous level). */
  readonly setup_ms: number;
  readonly revisit: Timing;
  readonly first_view: Timing;
  /** A week 20 years after DTSTART (beyond the 2-year horizon: computed, not stored). */
  readonly far_future: Timing;
}

export interface ScaleResult {
  readonly levels: ScaleLevel[];
  /** The bulk specialists, for the HTTP scenario. */
  readonly specialistIds: number[];
}

/**
 * Scenario 3: the same week views with 100 … 100,000 specialists × 5 templates in the database.
 * Each level appends specialists, then times through `CalendarService.view`: revisits of a sample
 * spread over all ids, first views of (specialist, week) pairs never viewed (weeks
 * -(5j+1)…-(5j+5) at level j, all after every DTSTART), and views 20 years after DTSTART, of specialists spread the same way.
 */
export async function benchScale(env: BenchEnv): Promise<ScaleResult> {
  const ctx = env.context();
  const { storage } = env.db;
  const ids: number[] = [];
  const levels: ScaleLevel[] = [];
  const baseline = await countRows(storage);
  const thisWeek = weekStart(env.thisMonday, 0);
  for (const [j, level] of env.plan.scaleLevels.entries()) {
    const started = performance.now();
    ids.push(...(await bulkSeed(storage, env.seedBase, ids.length, level, env.nowMs)));
    const setupMs = performance.now() - started;
    const rows = await countRows(storage);
    expectCount(
      `scale ${level}: templates`,
      rows.templates - baseline.templates,
      level * SCHEDULES_PER_SPECIALIST,
    );

    const sample = Array.from(
      { length: REVISIT_SAMPLE },
      (_, s) => ids[Math.floor((s * (ids.length - 1)) / (REVISIT_SAMPLE - 1))] as number,
    );
    for (const sp of sample) {
      const v = await ctx.calendar.view(sp, { startDate: thisWeek }, silentLogger);
      expectCount(`scale ${level}: week of ${sp}`, v.instances.length, SCHEDULES_PER_SPECIALIST);
    }
    const revisit = await timeIt(env.plan, async (i) => {
      const v = await ctx.calendar.view(
        sample[i % sample.length] as number,
        { startDate: thisWeek },
        silentLogger,
      );
      expectCount(`scale ${level}: revisit creates`, v.created, 0);
    });

    const firstView = await timeIt(env.plan, async (i) => {
      const sp = ids[(i * STRIDE) % level] as number;
      const round = Math.floor(i / level);
      if (round >= WEEKS_PER_LEVEL) throw new Error('scale: more first views than fresh pairs');
      const week = weekStart(env.thisMonday, -(WEEKS_PER_LEVEL * j + 1 + round));
      const v = await ctx.calendar.view(sp, { startDate: week }, silentLogger);
      expectCount(`scale ${level}: first view creates`, v.created, SCHEDULES_PER_SPECIALIST);
    });

    const farFuture = await timeIt(env.plan, async (i) => {
      const v = await ctx.calendar.view(
        ids[(i * STRIDE + 1) % level] as number,
        { startDate: weekStart(env.seedBase, 20 * 52 + 52 + (i % 52)) },
        silentLogger,
      );
      expectCount(`scale ${level}: far-future view returns`, v.instances.length, 5);
      expectCount(`scale ${level}: far-future view stores`, v.created, 0);
    });

    levels.push({
      specialists: level,
      templates_in_db: rows.templates,
      setup_ms: Math.round(setupMs),
      revisit,
      first_view: firstView,
      far_future: farFuture,
    });
  }
  return { levels, specialistIds: ids };
}
