import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import {
  countRows,
  duplicateOccurrences,
  createSchedule,
  createSpecialist,
  instancesPath,
  SATURDAY_CLINIC,
} from '../support/fixtures.ts';
import {
  freePort,
  request,
  spawnServer,
  startTestServer,
  stopServer,
  type TestServer,
} from '../support/test-server.ts';
import { createContext } from '../../src/context.ts';
import { mondayWeeksFromNow, plusDays } from '../support/dates.ts';

const DAILY = {
  ...SATURDAY_CLINIC,
  title: 'Daily',
  start_datetime: '2026-12-01T08:00:00',
  end_datetime: '2026-12-01T08:30:00',
  recurrence_rule: 'FREQ=DAILY',
};

describe.each(DIALECTS)('concurrent first views on %s', (dialect) => {
  let server: TestServer;
  afterEach(async () => server.close());

  it('20 concurrent first views create each occurrence exactly once', async () => {
    server = await startTestServer(dialect);
    const sp = await createSpecialist(server);
    await createSchedule(server, sp);
    await createSchedule(server, sp, DAILY);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        server.request('GET', instancesPath(sp, '2026-12-07', '2027-01-03')),
      ),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const created = responses.reduce(
      (sum, r) => sum + Number(r.headers.get('x-instances-created')),
      0,
    );
    // 4 Saturdays + 28 days.
    expect(created).toBe(32);
    expect((await countRows(server)).instances).toBe(32);
    expect(await duplicateOccurrences(server.db.storage)).toBe(0);
    const ids = responses.map((r) =>
      JSON.stringify(r.body.instances.map((i: { id: number }) => i.id)),
    );
    expect(new Set(ids).size).toBe(1);
  });
});

describe('two server processes sharing one PostgreSQL', () => {
  let db: TestDatabase;
  const children: Array<Awaited<ReturnType<typeof spawnServer>>> = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await stopServer(c.child);
    await db.drop();
  });

  it('concurrent first views across both processes create each occurrence once and never fail', async () => {
    db = await createTestDatabase('postgres');
    children.push(await spawnServer(db.url, await freePort()));
    children.push(await spawnServer(db.url, await freePort()));
    const [a, b] = children.map((c) => c.baseUrl) as [string, string];
    // Started without RECURRA_ADMIN_TOKEN, each process says once that writes are open.
    expect(children[0]?.output().match(/RECURRA_ADMIN_TOKEN is not set/g)).toHaveLength(1);
    const sp = (await request(a, 'POST', '/specialist', { name: 'Two', timezone: 'Europe/Berlin' }))
      .body.id as number;
    // The processes run on the real clock: dates follow it (a Monday next week, M).
    const m = mondayWeeksFromNow(1, 'Europe/Berlin');
    await request(b, 'POST', `/specialist/${sp}/schedules?allow_overlap=true`, {
      ...SATURDAY_CLINIC,
      start_datetime: `${plusDays(m, 5)}T09:00:00`,
      end_datetime: `${plusDays(m, 5)}T17:00:00`,
    });
    await request(a, 'POST', `/specialist/${sp}/schedules?allow_overlap=true`, {
      ...DAILY,
      start_datetime: `${m}T08:00:00`,
      end_datetime: `${m}T08:30:00`,
    });
    // Several overlapping windows at once, half on each process.
    const windows = [
      [m, plusDays(m, 27)],
      [plusDays(m, 7), plusDays(m, 34)],
      [m, plusDays(m, 30)],
    ] as const;
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const [s, e] = windows[i % windows.length] as readonly [string, string];
        return request(i % 2 === 0 ? a : b, 'GET', instancesPath(sp, s, e));
      }),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const total = responses.reduce(
      (sum, r) => sum + Number(r.headers.get('x-instances-created')),
      0,
    );
    // M … M+34: 35 daily occurrences and the Saturdays M+5, +12, +19, +26, +33.
    expect(total).toBe(35 + 5);
    expect(await duplicateOccurrences(db.storage)).toBe(0);
    const count = await db.storage.db
      .selectFrom('instances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(40);
  });

  it('a series edit racing 20 views on two processes and a cleanup: no stale, duplicate or lost occurrence', async () => {
    db = await createTestDatabase('postgres');
    children.push(await spawnServer(db.url, await freePort()));
    children.push(await spawnServer(db.url, await freePort()));
    const [a, b] = children.map((c) => c.baseUrl) as [string, string];
    const sp = (
      await request(a, 'POST', '/specialist', { name: 'Race', timezone: 'Europe/Berlin' })
    ).body.id as number;
    const m = mondayWeeksFromNow(1, 'Europe/Berlin');
    const sid = (
      await request(a, 'POST', `/specialist/${sp}/schedules?allow_overlap=true`, {
        title: 'Mondays',
        start_datetime: `${m}T09:00`,
        end_datetime: `${m}T10:00`,
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO',
        exdates: [`${plusDays(m, 21)}T09:00`],
      })
    ).body.id as number;
    // Twelve weeks stored; one occurrence moved (week 1), one cancelled (week 2), one excluded (week 3).
    const all = (await request(a, 'GET', instancesPath(sp, m, plusDays(m, 83)))).body
      .instances as Array<{ id: number; start_datetime: string }>;
    expect(all).toHaveLength(11);
    const at = (week: number) =>
      all.find((i) => i.start_datetime.startsWith(plusDays(m, 7 * week)))?.id as number;
    expect(
      (
        await request(b, 'PATCH', `/specialist/${sp}/instances/${at(1)}?allow_overlap=true`, {
          start_datetime: `${plusDays(m, 8)}T16:00`,
          title: 'Moved',
        })
      ).status,
    ).toBe(200);
    expect((await request(a, 'DELETE', `/specialist/${sp}/instances/${at(2)}`)).status).toBe(204);

    // The race: 20 views on both processes, the edit (09:00 → 14:00), and a cleanup from a third
    // connection that deletes every plain row beyond 28 days.
    const cleanupCtx = createContext(db.storage, { defaultMetrics: false });
    const statuses: number[] = [];
    const views = Array.from({ length: 20 }, async (_, i) => {
      const from = plusDays(m, 7 * (i % 6));
      const res = await request(i % 2 ? a : b, 'GET', instancesPath(sp, from, plusDays(from, 41)));
      statuses.push(res.status);
      // One consistent version: every plain occurrence at one time of day.
      const times = new Set(
        (res.body.instances as Array<{ start_datetime: string; title: string }>)
          .filter((x) => x.title === 'Mondays')
          .map((x) => x.start_datetime.slice(11, 16)),
      );
      expect(times.size).toBeLessThanOrEqual(1);
    });
    const edit = request(b, 'PATCH', `/specialist/${sp}/schedules/${sid}?allow_overlap=true`, {
      start_datetime: `${m}T14:00`,
      end_datetime: `${m}T15:00`,
    }).then((r) => statuses.push(r.status));
    const cleanup = cleanupCtx.maintenance.cleanup({ futureDays: 28, dryRun: false });
    await Promise.all([...views, edit, cleanup]);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    // Afterwards both processes show the edit's result everywhere, and nothing twice.
    const expected = Array.from({ length: 12 }, (_, w) => w)
      .filter((w) => w !== 2 && w !== 3)
      .map((w) =>
        w === 1 ? `${plusDays(m, 8)}T16:00 Moved` : `${plusDays(m, 7 * w)}T14:00 Mondays`,
      );
    for (const base of [a, b]) {
      const res = await request(base, 'GET', instancesPath(sp, m, plusDays(m, 83)));
      expect(
        (res.body.instances as Array<{ start_datetime: string; title: string }>).map(
          (x) => `${x.start_datetime.slice(0, 16)} ${x.title}`,
        ),
      ).toEqual(expected);
    }
    expect(await duplicateOccurrences(db.storage)).toBe(0);
  });
});
