import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  cleanupCommand,
  expireCommand,
  generateEagerCommand,
  prewarmCommand,
  statsCommand,
  type Output,
} from '../../src/cli/commands.ts';
import { seedDemo } from '../../src/cli/seed-demo.ts';
import { fixedClock } from '../../src/domain/clock.ts';
import { createContext } from '../../src/context.ts';
import type { AppContext } from '../../src/http/app-context.ts';
import { silentLogger } from '../../src/services/logger.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { duplicateOccurrences } from '../support/fixtures.ts';
import { NOW } from '../support/test-server.ts';

const WEEKLY = {
  title: 'Saturday clinic',
  start_datetime: '2026-11-07T09:00',
  end_datetime: '2026-11-07T17:00',
  recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA',
};
const DAILY = {
  title: 'Daily',
  start_datetime: '2026-11-01T07:00',
  end_datetime: '2026-11-01T08:00',
  recurrence_rule: 'FREQ=DAILY',
};

function capture(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { lines, line: (t) => lines.push(t) };
}

describe.each(DIALECTS)('maintenance commands on %s', (dialect) => {
  let db: TestDatabase;
  let ctx: AppContext;
  let sp: number;
  const count = async () =>
    Number(
      (
        await db.storage.db
          .selectFrom('instances')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const view = (start: string, end: string) =>
    ctx.calendar.view(sp, { startDate: start, endDate: end }, silentLogger);

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    ctx = createContext(db.storage, { clock: fixedClock(NOW), defaultMetrics: false });
    sp = (await ctx.specialists.create({ name: 'Ops', timezone: 'Europe/Berlin' })).row.id;
    await ctx.schedules.create(sp, WEEKLY, true);
    await ctx.schedules.create(sp, DAILY, true);
  });
  afterEach(async () => db.drop());

  it('prewarm materializes exactly the next N days, idempotently', async () => {
    const out = capture();
    // "Now" is Wednesday 2 December 2026 (Berlin): 2–15 December holds 14 daily + 2 Saturdays.
    expect(await prewarmCommand(ctx, { days: 14 }, out)).toEqual({ specialists: 1, created: 16 });
    expect(out.lines[0]).toMatch(/16 instance\(s\) created/);
    expect(await prewarmCommand(ctx, { days: 14 }, capture())).toEqual({
      specialists: 1,
      created: 0,
    });
    expect((await view('2026-12-02', '2026-12-15')).created).toBe(0);
    expect(await prewarmCommand(ctx, { days: 1, specialist: sp }, capture())).toEqual({
      specialists: 1,
      created: 0,
    });
  });

  it('prewarm running concurrently with views creates no duplicate', async () => {
    await Promise.all([
      prewarmCommand(ctx, { days: 30 }, capture()),
      view('2026-12-07', '2026-12-20'),
      view('2026-12-14', '2027-01-03'),
      prewarmCommand(ctx, { days: 21 }, capture()),
    ]);
    expect(await duplicateOccurrences(db.storage)).toBe(0);
  });

  it('cleanup --dry-run writes nothing; cleanup removes unused future rows, never exceptions or cancellations', async () => {
    const { instances } = await view('2026-12-07', '2027-03-28');
    const moved = instances.find((i) => i.start_at > Date.parse('2027-02-01'))!;
    const cancelled = instances.filter((i) => i.start_at > Date.parse('2027-02-01'))[3]!;
    await ctx.instances.edit(sp, moved.id!, { title: 'Moved by hand' }, true);
    await ctx.instances.cancel(sp, cancelled.id!);
    const before = await count();
    const dry = await cleanupCommand(ctx, { futureDays: 28, dryRun: true }, capture());
    expect(await count()).toBe(before);
    const real = await cleanupCommand(ctx, { futureDays: 28, dryRun: false }, capture());
    expect(real).toEqual(dry);
    expect(await count()).toBe(before - real.instances);
    const kept = await db.storage.db
      .selectFrom('instances')
      .select(['id'])
      .where('id', 'in', [moved.id!, cancelled.id!])
      .execute();
    expect(kept).toHaveLength(2);
    // Removed rows come back on view, exactly once.
    const again = await view('2027-02-01', '2027-02-28');
    expect(again.created).toBeGreaterThan(0);
    expect(again.instances.find((i) => i.id === moved.id)?.title).toBe('Moved by hand');
    expect(await duplicateOccurrences(db.storage)).toBe(0);
  });

  it('expire deletes history by age; --keep-exceptions keeps edited rows; --dry-run writes nothing', async () => {
    const { instances } = await view('2026-11-01', '2026-11-30');
    await ctx.instances.edit(sp, instances[0]!.id!, { title: 'Edited' }, true);
    const before = await count();
    const dry = await expireCommand(
      ctx,
      { olderThanDays: 7, dryRun: true, keepExceptions: true },
      capture(),
    );
    expect(await count()).toBe(before);
    const kept = await expireCommand(
      ctx,
      { olderThanDays: 7, dryRun: false, keepExceptions: true },
      capture(),
    );
    expect(kept).toEqual(dry);
    expect(await count()).toBe(before - kept.instances);
    expect(
      await db.storage.db
        .selectFrom('instances')
        .select('id')
        .where('id', '=', instances[0]!.id!)
        .execute(),
    ).toHaveLength(1);
    await expireCommand(ctx, { olderThanDays: 7, dryRun: false, keepExceptions: false }, capture());
    expect(
      await db.storage.db
        .selectFrom('instances')
        .select('id')
        .where('id', '=', instances[0]!.id!)
        .execute(),
    ).toHaveLength(0);
    // Expired history is not generated again by a later view.
    expect((await view('2026-11-01', '2026-11-20')).created).toBe(0);
  });

  it('stats reports templates, instances, per-template numbers, horizon and top specialists', async () => {
    await view('2026-12-07', '2026-12-13');
    const out = capture();
    const s = await statsCommand(ctx, { json: true }, out);
    expect(s).toMatchObject({
      templates: { active: 2, inactive: 0 },
      instances: { total: 8, confirmed: 8, cancelled: 0, exceptions: 0 },
      instances_per_template: { average: 4, max: 7 },
    });
    expect(s.top_specialists).toEqual([{ id: sp, name: 'Ops', instances: 8 }]);
    expect(JSON.parse(out.lines.join('\n'))).toEqual(s);
  });

  it('eager data (generate --eager) keeps working lazily with no duplicates and nothing missing; cleanup then shrinks it', async () => {
    const gen = await generateEagerCommand(ctx, { years: 2 }, capture());
    expect(gen.templates).toBe(2);
    // 2 years of a daily and a weekly rule from early November 2026.
    expect(gen.created).toBeGreaterThan(730 + 100);
    const eagerRows = await count();
    const lazy = await view('2027-06-07', '2027-06-13');
    expect(lazy.created).toBe(0);
    expect(lazy.instances).toHaveLength(8);
    expect(await duplicateOccurrences(db.storage)).toBe(0);
    const cleaned = await cleanupCommand(ctx, { futureDays: 28, dryRun: false }, capture());
    expect(await count()).toBe(eagerRows - cleaned.instances);
    expect(await count()).toBeLessThan(100);
    const later = await view('2027-06-07', '2027-06-13');
    expect(later.created).toBe(8);
    expect(later.instances).toHaveLength(8);
  });

  it('RECURRA_MATERIALIZE=eager writes the horizon on create; lazy views after it create nothing', async () => {
    const eagerCtx = createContext(db.storage, {
      clock: fixedClock(NOW),
      defaultMetrics: false,
      materialize: 'eager',
    });
    const before = await count();
    await eagerCtx.schedules.create(sp, {
      title: 'Eager',
      start_datetime: '2026-12-08T18:00',
      end_datetime: '2026-12-08T19:00',
      recurrence_rule: 'FREQ=WEEKLY',
    });
    expect((await count()) - before).toBe(105);
    const week = await eagerCtx.calendar.view(sp, { startDate: '2027-05-03' }, silentLogger);
    // Only the two lazy schedules' occurrences are new (7 daily + 1 Saturday); the eager one's exists.
    expect(week.created).toBe(8);
    expect(week.instances.filter((i) => i.template_title === 'Eager')).toHaveLength(1);
  });

  it('seed-demo is idempotent', async () => {
    expect(await seedDemo(ctx)).toEqual({ specialists: 3, schedules: 6 });
    expect(await seedDemo(ctx)).toEqual({ specialists: 0, schedules: 0 });
  });
});
