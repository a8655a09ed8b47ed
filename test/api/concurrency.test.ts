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
    await request(b, 'POST', `/specialist/${sp}/schedules?allow_overlap=true`, SATURDAY_CLINIC);
    await request(a, 'POST', `/specialist/${sp}/schedules?allow_overlap=true`, DAILY);
    // Several overlapping windows at once, half on each process.
    const windows = [
      ['2026-12-07', '2027-01-03'],
      ['2026-12-14', '2027-01-10'],
      ['2026-12-01', '2026-12-31'],
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
    // 2026-12-01 … 2027-01-10: 41 daily + Saturdays 5, 12, 19, 26 Dec and 2, 9 Jan.
    expect(total).toBe(47);
    expect(await duplicateOccurrences(db.storage)).toBe(0);
    const count = await db.storage.db
      .selectFrom('instances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(47);
  });
});
