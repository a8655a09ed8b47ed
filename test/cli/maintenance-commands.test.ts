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
import type { AppContext } from '../../src/context.ts';
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
    sp = (await ctx.specialists.create({ name: 'Ops', timezone: 'Europe/Berlin' })).specialist.id;
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
    const late = instances.filter((i) => i.startMs > Date.parse('2027-02-01'));
    const [moved, cancelled, markedException, markedCancelled] = [
      late[0]!,
      late[3]!,
      late[5]!,
      late[8]!,
    ];
    // Through the services, as the API does …
    await ctx.instances.edit(sp, moved.id!, { title: 'Moved by hand' }, true);
    await ctx.instances.cancel(sp, cancelled.id!);
    // … and straight in the table: each condition of "touched by hand" protects a row on its own.
    await db.storage.db
      .updateTable('instances')
      .set({ is_exception: 1 })
      .where('id', '=', markedException.id!)
      .execute();
    await db.storage.db
      .updateTable('instances')
      .set({ status: 'cancelled' })
      .where('id', '=', markedCancelled.id!)
      .execute();
    const handMade = [moved.id!, cancelled.id!, markedException.id!, markedCancelled.id!];
    const before = await count();
    const dryOut = capture();
    const dry = await cleanupCommand(ctx, { futureDays: 28, dryRun: true }, dryOut);
    expect(dryOut.lines[0]).toMatch(/^would delete \d+ unused instance/);
    expect(await count()).toBe(before);
    // 30 Dec 10:00 UTC onwards: 31 Dec … 28 Mar = 88 daily + 13 Saturdays, less the 4 kept.
    expect(dry).toEqual({ instances: 88 + 13 - 4, schedules: 2 });
    const real = await cleanupCommand(ctx, { futureDays: 28, dryRun: false }, capture());
    expect(real).toEqual(dry);
    expect(await count()).toBe(before - real.instances);
    const kept = await db.storage.db
      .selectFrom('instances')
      .select(['id'])
      .where('id', 'in', handMade)
      .execute();
    expect(kept).toHaveLength(4);
    // The spans are forgotten: removed rows come back on view, exactly once, beside the 4 kept
    // (February: 28 daily + 4 Saturdays).
    const again = await view('2027-02-01', '2027-02-28');
    expect(again.created).toBe(28 + 4 - 4);
    expect(again.instances.find((i) => i.id === moved.id)?.title).toBe('Moved by hand');
    expect(await duplicateOccurrences(db.storage)).toBe(0);
    expect((await view('2027-02-01', '2027-02-28')).created).toBe(0);
  });

  it('cleanup running concurrently with views leaves no window short and no duplicate', async () => {
    await Promise.all([
      cleanupCommand(ctx, { futureDays: 28, dryRun: false }, capture()),
      view('2027-02-01', '2027-02-28'),
      cleanupCommand(ctx, { futureDays: 28, dryRun: false }, capture()),
      view('2027-03-01', '2027-03-31'),
      cleanupCommand(ctx, { futureDays: 28, dryRun: false }, capture()),
    ]);
    // Whatever interleaving happened, a window is either remembered with all its rows or
    // regenerated: February 28 daily + 4 Saturdays, March 31 + 4.
    expect((await view('2027-02-01', '2027-02-28')).instances).toHaveLength(32);
    expect((await view('2027-03-01', '2027-03-31')).instances).toHaveLength(35);
    expect(await duplicateOccurrences(db.storage)).toBe(0);
  });

  it('expire deletes history by age and forgets its span; --keep-exceptions keeps edited and cancelled rows; --dry-run writes nothing', async () => {
    const { instances } = await view('2026-11-01', '2026-11-30');
    const [edited, cancelled] = [instances[0]!, instances[2]!];
    await ctx.instances.edit(sp, edited.id!, { title: 'Edited' }, true);
    await ctx.instances.cancel(sp, cancelled.id!);
    const exists = async (id: number) =>
      (await db.storage.db.selectFrom('instances').select('id').where('id', '=', id).execute())
        .length === 1;
    const before = await count();
    const dry = await expireCommand(
      ctx,
      { olderThanDays: 7, dryRun: true, keepExceptions: true },
      capture(),
    );
    expect(await count()).toBe(before);
    // Ended before 25 Nov 10:00 UTC: 1–25 Nov daily (25) + 3 Saturdays, less the 2 kept.
    expect(dry).toEqual({
      instances: 25 + 3 - 2,
      schedules: 2,
      holds: 0,
      idempotencyKeys: 0,
      changes: 0,
      deliveries: 0,
    });
    const kept = await expireCommand(
      ctx,
      { olderThanDays: 7, dryRun: false, keepExceptions: true },
      capture(),
    );
    expect(kept).toEqual(dry);
    expect(await count()).toBe(before - kept.instances);
    expect(await exists(edited.id!)).toBe(true);
    expect(await exists(cancelled.id!)).toBe(true);
    // A later view of that history generates the plain occurrences again, never the kept ones
    // (1–20 Nov: 20 daily + 2 Saturdays).
    const history = await view('2026-11-01', '2026-11-20');
    expect(history.created).toBe(20 + 2 - 2);
    expect(history.instances.find((i) => i.id === edited.id)?.title).toBe('Edited');
    expect(await duplicateOccurrences(db.storage)).toBe(0);

    const all = await expireCommand(
      ctx,
      { olderThanDays: 7, dryRun: false, keepExceptions: false },
      capture(),
    );
    // The 2 kept and the 20 the view brought back.
    expect(all.instances).toBe(2 + 20);
    expect(await exists(edited.id!)).toBe(false);
    expect(await exists(cancelled.id!)).toBe(false);
  });

  it('stats reports schedules, instances, per-schedule numbers, horizon and top specialists', async () => {
    await view('2026-12-07', '2026-12-13');
    const out = capture();
    const s = await statsCommand(ctx, { json: true }, out);
    expect(s).toMatchObject({
      schedules: { active: 2, inactive: 0 },
      instances: { total: 8, confirmed: 8, cancelled: 0, exceptions: 0 },
      instances_per_schedule: { average: 4, max: 7 },
    });
    expect(s.top_specialists).toEqual([{ id: sp, name: 'Ops', instances: 8 }]);
    expect(JSON.parse(out.lines.join('\n'))).toEqual(s);
  });

  it('stats counts services, bookings and holds; expire keeps every booking and drops expired holds', async () => {
    const svc = await ctx.catalog.create(sp, { name: 'Visit', duration_minutes: 30 });
    const { booking } = await ctx.bookings.book(
      sp,
      {
        service_id: svc.id,
        start_datetime: '2026-12-03T07:00',
        client: { name: 'A', email: 'a@example.org' },
      },
      undefined,
      silentLogger,
    );
    await ctx.bookings.hold(
      sp,
      { service_id: svc.id, start_datetime: '2026-12-04T07:00' },
      silentLogger,
    );
    const s = await statsCommand(ctx, { json: false }, capture());
    expect(s).toMatchObject({
      services: { active: 1, inactive: 0 },
      bookings: { confirmed: 1, cancelled: 0 },
      holds: { live: 1 },
    });
    // Expire everything that ended before a moment long after the booking and the hold.
    const later = createContext(db.storage, {
      clock: fixedClock(NOW + 400 * 86_400_000),
      defaultMetrics: false,
    });
    const out = capture();
    const r = await expireCommand(
      later,
      { olderThanDays: 0, dryRun: false, keepExceptions: false },
      out,
    );
    expect(r.holds).toBe(1);
    expect(r.instances).toBeGreaterThan(0);
    expect(out.lines.join('\n')).toMatch(/bookings are kept/);
    expect(await later.bookings.get(sp, booking.id, { kind: 'owner' })).toMatchObject({
      status: 'confirmed',
    });
    expect((await later.maintenance.stats()).bookings.confirmed).toBe(1);
  });

  it('eager data (generate --eager) keeps working lazily with no duplicates and nothing missing; cleanup then shrinks it', async () => {
    const gen = await generateEagerCommand(ctx, { years: 2 }, capture());
    expect(gen.schedules).toBe(2);
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

  it('RECURRA_MATERIALIZE=eager writes 1 schedule + its occurrences up to the horizon on create; a later view creates nothing', async () => {
    const eagerCtx = createContext(db.storage, {
      clock: fixedClock(NOW),
      defaultMetrics: false,
      materialize: 'eager',
    });
    const other = (await eagerCtx.specialists.create({ name: 'Eager', timezone: 'Europe/Berlin' }))
      .specialist.id;
    const rows = async () => {
      const templates = await db.storage.db
        .selectFrom('schedules')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(templates.n) + (await count());
    };
    const before = await rows();
    const row = await eagerCtx.schedules.create(other, {
      title: 'Eager',
      start_datetime: '2026-12-08T18:00',
      end_datetime: '2026-12-08T19:00',
      recurrence_rule: 'FREQ=WEEKLY',
    });
    // Weekly from 8 December, stored up to the horizon (730 days from now, 2 December 2026): days
    // 0, 7, … 721 of the schedule, 104 occurrences, plus the schedule row.
    expect((await rows()) - before).toBe(1 + 104);
    const month = await eagerCtx.calendar.view(
      other,
      { startDate: '2027-05-01', endDate: '2027-05-31' },
      silentLogger,
    );
    expect(month.created).toBe(0);
    expect(month.instances).toHaveLength(4);
    // Running it again (as `generate --eager` would) writes nothing more.
    expect(
      await eagerCtx.materializer.ensure(
        other,
        row.startsAt,
        row.startsAt + 730 * 86_400_000,
        silentLogger,
        [row.id],
      ),
    ).toBe(0);
    // The lazy context on the same data creates nothing for it either.
    expect(
      (await ctx.calendar.view(other, { startDate: '2028-12-01' }, silentLogger)).created,
    ).toBe(0);
  });

  it('reports maintenance rows, expansion time and query time per kind as metrics', async () => {
    await prewarmCommand(ctx, { days: 14 }, capture());
    await view('2027-03-01', '2027-03-07');
    await cleanupCommand(ctx, { futureDays: 28, dryRun: false }, capture());
    await expireCommand(ctx, { olderThanDays: 0, dryRun: false, keepExceptions: false }, capture());
    const text = await ctx.metrics.registry.metrics();
    expect(text).toContain('recurra_maintenance_rows_total{task="prewarm"} 16');
    // 1–7 March: 7 daily + 1 Saturday, all beyond 28 days.
    expect(text).toContain('recurra_maintenance_rows_total{task="cleanup"} 8');
    // Ended before now: 2 December 07:00–08:00 Berlin.
    expect(text).toContain('recurra_maintenance_rows_total{task="expire"} 1');
    expect(text).toMatch(/recurra_expansion_duration_seconds_count [1-9]/);
    for (const kind of ['find_schedules', 'insert_instances', 'read_window'])
      expect(text).toMatch(
        new RegExp(`recurra_db_query_duration_seconds_count\\{kind="${kind}"\\} [1-9]`),
      );
  });

  it('seed-demo is idempotent', async () => {
    expect(await seedDemo(ctx)).toEqual({ specialists: 3, schedules: 6, services: 4 });
    expect(await seedDemo(ctx)).toEqual({ specialists: 0, schedules: 0, services: 0 });
  });
});
