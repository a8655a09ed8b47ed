import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { mondayWeeksFromNow, plusDays } from '../support/dates.ts';
import {
  freePort,
  request,
  spawnServer,
  stopServer,
  type TestResponse,
} from '../support/test-server.ts';

type Server = Awaited<ReturnType<typeof spawnServer>>;

/**
 * Never double-booked: real server processes (two on one PostgreSQL, one on SQLite) take many
 * concurrent attempts; afterwards the database is checked by SQL over the whole table. The
 * processes run on the real clock: dates are derived from it.
 */
describe.each(DIALECTS)('bookings under concurrency on %s', (dialect) => {
  let db: TestDatabase;
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await stopServer(s.child);
    await db.drop();
  });

  async function setup(): Promise<{ bases: string[]; sp: number; monday: string }> {
    db = await createTestDatabase(dialect);
    const processes = dialect === 'postgres' ? 2 : 1;
    for (let i = 0; i < processes; i++) servers.push(await spawnServer(db.url, await freePort()));
    const bases = servers.map((s) => s.baseUrl);
    const base = bases[0] as string;
    const sp = (
      await request(base, 'POST', '/specialist', { name: 'Busy', timezone: 'Europe/Berlin' })
    ).body.id as number;
    const monday = mondayWeeksFromNow(2, 'Europe/Berlin');
    const res = await request(base, 'POST', `/specialist/${sp}/schedules`, {
      title: 'Days',
      start_datetime: `${monday}T08:00`,
      end_datetime: `${monday}T18:00`,
      recurrence_rule: 'FREQ=DAILY',
    });
    expect(res.status).toBe(201);
    return { bases, sp, monday };
  }

  const attempt = (
    base: string,
    sp: number,
    serviceId: number,
    start: string,
    i: number,
    headers = {},
  ) =>
    request(
      base,
      'POST',
      `/specialist/${sp}/bookings`,
      {
        service_id: serviceId,
        start_datetime: start,
        client: { name: `Client ${i}`, email: `c${i}@example.org` },
      },
      headers,
    );

  it.each([1, 3])(
    '200 attempts for one slot of capacity %i: exactly that many succeed, the rest are told fully_booked',
    async (capacity) => {
      const { bases, sp, monday } = await setup();
      const svc = (
        await request(bases[0] as string, 'POST', `/specialist/${sp}/services`, {
          name: 'Slot',
          duration_minutes: 30,
          capacity,
        })
      ).body.id as number;
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          attempt(bases[i % bases.length] as string, sp, svc, `${monday}T10:00`, i),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(capacity);
      expect(statuses.filter((s) => s === 409)).toHaveLength(200 - capacity);
      expect(
        new Set(results.filter((r) => r.status === 409).map((r) => r.body.error.details.reason)),
      ).toEqual(new Set(['fully_booked']));
      const rows = await db.storage.db
        .selectFrom('bookings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'confirmed')
        .executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(capacity);
    },
    120_000,
  );

  it('random overlapping attempts across services with buffers: no two buffered spans overlap (checked by SQL)', async () => {
    const { bases, sp, monday } = await setup();
    const base = bases[0] as string;
    const services = [
      (
        await request(base, 'POST', `/specialist/${sp}/services`, {
          name: 'Short',
          duration_minutes: 20,
          slot_step_minutes: 10,
          buffer_after_minutes: 10,
        })
      ).body.id,
      (
        await request(base, 'POST', `/specialist/${sp}/services`, {
          name: 'Long',
          duration_minutes: 60,
          slot_step_minutes: 15,
          buffer_before_minutes: 15,
          buffer_after_minutes: 5,
        })
      ).body.id,
      (
        await request(base, 'POST', `/specialist/${sp}/services`, {
          name: 'Group',
          duration_minutes: 30,
          slot_step_minutes: 30,
          capacity: 3,
          buffer_after_minutes: 10,
        })
      ).body.id,
    ] as number[];
    // A deterministic pseudo-random spread of starts between 08:00 and 12:00 on two days.
    let seed = 20261130;
    // mulberry32: small, and exact in 32-bit integer arithmetic.
    const rand = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) | 0;
    };
    const steps = [10, 15, 30];
    const attempts = Array.from({ length: 240 }, (_, i) => {
      const k = rand(3);
      const day = plusDays(monday, rand(2));
      // On the service's grid, between 08:00 and 12:00.
      const minute = 8 * 60 + (steps[k] as number) * rand(Math.floor(240 / (steps[k] as number)));
      const hh = String(Math.floor(minute / 60)).padStart(2, '0');
      const mm = String(minute % 60).padStart(2, '0');
      return attempt(
        bases[i % bases.length] as string,
        sp,
        services[k] as number,
        `${day}T${hh}:${mm}`,
        i,
      );
    });
    const results: TestResponse[] = await Promise.all(attempts);
    expect(results.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    // How many fit depends on which attempts arrive first (10 and 11 have been seen); the first on
    // each day always fits. The whole-table checks below are the point.
    expect(results.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(2);
    // Over the whole table: confirmed bookings whose buffered spans overlap, other than a shared slot.
    const overlaps = await sql<{ n: number }>`
      select count(*) as n from bookings a join bookings b
        on a.specialist_id = b.specialist_id and a.id < b.id
       and a.status = 'confirmed' and b.status = 'confirmed'
       and a.span_start < b.span_end and b.span_start < a.span_end
       and not (a.service_id = b.service_id and a.start_at = b.start_at)`.execute(db.storage.db);
    expect(Number(overlaps.rows[0]?.n)).toBe(0);
    const overCapacity = await sql<{ n: number }>`
      select count(*) as n from (
        select b.service_id, b.start_at, count(*) as taken, max(s.capacity) as capacity
          from bookings b join services s on s.id = b.service_id
         where b.status = 'confirmed' group by b.service_id, b.start_at) t
       where taken > capacity`.execute(db.storage.db);
    expect(Number(overCapacity.rows[0]?.n)).toBe(0);
    console.log(
      `spread (${dialect}, ${bases.length} process(es)): 240 attempts, ${results.filter((r) => r.status === 201).length} booked, ${results.filter((r) => r.status === 409).length} refused, 0 overlapping spans, 0 over capacity`,
    );
  }, 120_000);

  it('a hold racing bookings for its slot: one of them has it, never both', async () => {
    const { bases, sp, monday } = await setup();
    const svc = (
      await request(bases[0] as string, 'POST', `/specialist/${sp}/services`, {
        name: 'One',
        duration_minutes: 30,
      })
    ).body.id as number;
    const start = `${monday}T11:00`;
    const results = await Promise.all([
      request(bases[0] as string, 'POST', `/specialist/${sp}/holds`, {
        service_id: svc,
        start_datetime: start,
      }),
      ...Array.from({ length: 20 }, (_, i) =>
        attempt(bases[i % bases.length] as string, sp, svc, start, i),
      ),
    ]);
    const won = results.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(20);
  }, 120_000);

  it('idempotent replays racing each other make one booking, answered to all', async () => {
    const { bases, sp, monday } = await setup();
    const svc = (
      await request(bases[0] as string, 'POST', `/specialist/${sp}/services`, {
        name: 'One',
        duration_minutes: 30,
      })
    ).body.id as number;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        request(
          bases[i % bases.length] as string,
          'POST',
          `/specialist/${sp}/bookings`,
          {
            service_id: svc,
            start_datetime: `${monday}T12:00`,
            client: { name: 'Ada', email: 'ada@example.org' },
          },
          { 'idempotency-key': 'same-order' },
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(30).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(29);
    expect(new Set(results.map((r) => r.body.cancel_token)).size).toBe(1);
  }, 120_000);

  it('a process that answered slots before never answers them again unchanged after another process booked, held or cancelled', async () => {
    const { bases, sp, monday } = await setup();
    const [reader, writer] = [bases[0] as string, bases[bases.length - 1] as string];
    const svc = (
      await request(reader, 'POST', `/specialist/${sp}/services`, {
        name: 'One',
        duration_minutes: 60,
      })
    ).body.id as number;
    const starts = async () => {
      const res = await request(
        reader,
        'GET',
        `/specialist/${sp}/slots?service_id=${svc}&start_date=${monday}&end_date=${monday}`,
      );
      expect(res.status).toBe(200);
      return (res.body.slots as Array<{ start_datetime: string }>).map((x) =>
        x.start_datetime.slice(11, 16),
      );
    };
    const all = await starts();
    expect(await starts()).toEqual(all); // answered twice: the second from what the reader knew
    expect(all).toContain('10:00');
    const booked = await attempt(writer, sp, svc, `${monday}T10:00`, 1);
    expect(booked.status).toBe(201);
    expect(await starts()).toEqual(all.filter((t) => t !== '10:00'));
    const held = await request(writer, 'POST', `/specialist/${sp}/holds`, {
      service_id: svc,
      start_datetime: `${monday}T11:00`,
    });
    expect(held.status).toBe(201);
    expect(await starts()).toEqual(all.filter((t) => t !== '10:00' && t !== '11:00'));
    const cancelled = await request(
      writer,
      'DELETE',
      `/specialist/${sp}/bookings/${booked.body.id as number}?cancel_token=${booked.body.cancel_token as string}`,
    );
    expect(cancelled.status).toBe(204);
    expect(await starts()).toEqual(all.filter((t) => t !== '11:00'));
  }, 120_000);
});
