import { resolveWindow } from '../../src/domain/instances/calendar-window.ts';
import { RecurrenceCache } from '../../src/domain/recurrence/recurrence-cache.ts';
import { MAX_DURATION_MS } from '../../src/domain/schedules/schedule-draft.ts';
import { recurrenceOf, type Schedule } from '../../src/domain/schedules/schedule.ts';
import { DEFAULT_LIMITS } from '../../src/config.ts';
import { silentLogger } from '../../src/services/logger.ts';
import { repositoriesFor } from '../../src/storage/repositories.ts';
import type { BenchEnv } from '../support/bench-plan.ts';
import { BENCH_ZONE, weekStart } from '../support/calendar-weeks.ts';
import { expectCount, timeInterleaved, timeIt, type Timing } from '../support/measure.ts';

/** Schedules of the viewed specialist: Monday to Friday, 09:00 and 14:00, one hour, weekly. */
export const WEEK_VIEW_SCHEDULES = 10;
/** Fresh weeks used either side of now, inside the 2-year materialization horizon. */
const FRESH_WEEKS = 100;

export interface WeekViewResult {
  /** `CalendarService.view` of a never-viewed week: expand, insert, read. */
  readonly first_view: Timing;
  /** `CalendarService.view` of a week already viewed: no expansion, no write. */
  readonly revisit: Timing;
  /** `Recurrence.overlapping` of the 10 templates held in memory (cached series): no storage at all. */
  readonly pure_expansion: Timing;
  /** The same, 20 years after DTSTART. */
  readonly pure_expansion_far: Timing;
  /** What peers do per read: SELECT the templates, then expand them (no instance rows). */
  readonly expand_on_read: Timing;
  /** `InstanceRepository.listOverlapping` alone: the indexed read every answer needs (the floor). */
  readonly floor_select: Timing;
  /** A revisit and the floor SELECT timed side by side (interleaved, same repetitions). */
  readonly side_by_side: { readonly revisit: Timing; readonly floor_select: Timing };
  /** The steps of a revisit timed one by one: where it spends what the floor does not. */
  readonly revisit_parts: {
    readonly specialist_get: Timing;
    readonly resolve_window: Timing;
    readonly find_templates: Timing;
  };
}

function weeklyInput(day: string, hour: number) {
  const hh = (h: number) => String(h).padStart(2, '0');
  return {
    title: `Block ${day} ${hh(hour)}`,
    start_datetime: `${day}T${hh(hour)}:00`,
    end_datetime: `${day}T${hh(hour + 1)}:00`,
    recurrence_rule: 'FREQ=WEEKLY',
  };
}

/**
 * Scenario 2: one week of a specialist with 10 weekly schedules, six ways: first view, revisit,
 * pure expansion (the Google Calendar / Graph calendarView / CalDAV way, minus even their
 * template read) near and 20 years on, expansion on read, and the bare indexed SELECT.
 */
export async function benchWeekView(env: BenchEnv): Promise<WeekViewResult> {
  const ctx = env.context();
  const repos = repositoriesFor(ctx.storage.db, ctx.storage);
  const { specialist } = await ctx.specialists.create({
    name: 'Week view',
    timezone: BENCH_ZONE,
  });
  const id = specialist.id;
  for (let d = 0; d < 5; d++) {
    const day = env.seedBase.add({ days: d }).toString();
    for (const hour of [9, 14]) await ctx.schedules.create(id, weeklyInput(day, hour));
  }
  const templates: Schedule[] = await repos.schedules.list(id, false);
  expectCount('week view: templates', templates.length, WEEK_VIEW_SCHEDULES);

  const thisWeek = weekStart(env.thisMonday, 0);
  const first = await ctx.calendar.view(id, { startDate: thisWeek }, silentLogger);
  expectCount('week view: first view returns', first.instances.length, WEEK_VIEW_SCHEDULES);
  expectCount('week view: first view creates', first.created, WEEK_VIEW_SCHEDULES);
  const again = await ctx.calendar.view(id, { startDate: thisWeek }, silentLogger);
  expectCount('week view: revisit returns', again.instances.length, WEEK_VIEW_SCHEDULES);
  expectCount('week view: revisit creates', again.created, 0);
  const revisit = await timeIt(env.plan, () =>
    ctx.calendar.view(id, { startDate: thisWeek }, silentLogger),
  );

  // Fresh weeks: +1..+100 and -1..-100 around now, never viewed before.
  const fresh = [
    ...Array.from({ length: FRESH_WEEKS }, (_, i) => i + 1),
    ...Array.from({ length: FRESH_WEEKS }, (_, i) => -(i + 1)),
  ];
  const warmup = Math.min(env.plan.warmup, 10);
  const firstView = await timeIt(
    { warmup, reps: Math.min(env.plan.reps, fresh.length - warmup) },
    async (i) => {
      const view = await ctx.calendar.view(
        id,
        { startDate: weekStart(env.thisMonday, fresh[i] as number) },
        silentLogger,
      );
      expectCount('week view: fresh week creates', view.created, WEEK_VIEW_SCHEDULES);
    },
  );

  const windowOf = (startDate: string) =>
    resolveWindow({ startDate }, BENCH_ZONE, env.nowMs, DEFAULT_LIMITS.maxRangeDays);
  const near = windowOf(thisWeek);
  const far = windowOf(weekStart(env.seedBase, 20 * 52 + 2));
  const cache = new RecurrenceCache();
  const expand = (rows: readonly Schedule[], fromMs: number, toMs: number) => {
    let n = 0;
    for (const t of rows)
      n += cache
        .get(recurrenceOf(t))
        .overlapping(fromMs, toMs, DEFAULT_LIMITS.maxOccurrencesPerWindow).length;
    return n;
  };
  expectCount('pure expansion', expand(templates, near.fromMs, near.toMs), WEEK_VIEW_SCHEDULES);
  expectCount('pure expansion far', expand(templates, far.fromMs, far.toMs), WEEK_VIEW_SCHEDULES);
  const pureExpansion = await timeIt(env.plan, () => expand(templates, near.fromMs, near.toMs));
  const pureExpansionFar = await timeIt(env.plan, () => expand(templates, far.fromMs, far.toMs));

  const expandOnRead = async () => {
    const rows = await repos.schedules.findOverlapping(id, near.fromMs, near.toMs);
    return expand(rows, near.fromMs, near.toMs);
  };
  expectCount('expand on read', await expandOnRead(), WEEK_VIEW_SCHEDULES);
  const expandOnReadTiming = await timeIt(env.plan, expandOnRead);

  const floor = () =>
    repos.instances.listOverlapping(id, near.fromMs, near.toMs, MAX_DURATION_MS, false);
  expectCount('floor select', (await floor()).length, WEEK_VIEW_SCHEDULES);
  const floorSelect = await timeIt(env.plan, floor);
  const sideBySide = await timeInterleaved(env.plan, {
    revisit: () => ctx.calendar.view(id, { startDate: thisWeek }, silentLogger),
    floor_select: floor,
  });

  const revisitParts = {
    specialist_get: await timeIt(env.plan, () => ctx.specialists.get(id)),
    resolve_window: await timeIt(env.plan, () => windowOf(thisWeek)),
    find_templates: await timeIt(env.plan, () =>
      repos.schedules.findOverlapping(id, near.fromMs, near.toMs),
    ),
  };

  return {
    first_view: firstView,
    revisit,
    pure_expansion: pureExpansion,
    pure_expansion_far: pureExpansionFar,
    expand_on_read: expandOnReadTiming,
    floor_select: floorSelect,
    side_by_side: sideBySide,
    revisit_parts: revisitParts,
  };
}
