import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRequestCounter } from '../../src/services/request-counter.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { freePort, request, spawnServer, stopServer } from '../support/test-server.ts';
import { DIALECTS } from '../support/databases.ts';
import { countRows, createSchedule, createSpecialist, instancesPath } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe.each(DIALECTS)('a crawler cannot fill the database on %s', (dialect) => {
  let server: TestServer;
  afterEach(async () => server.close());

  it('beyond the materialization horizon, instances are returned but not stored', async () => {
    server = await startTestServer(dialect, { limits: { materializeHorizonDays: 30 } });
    const sp = await createSpecialist(server);
    await createSchedule(server, sp);
    // "Now" is 2 December 2026: stored up to 1 January 2027.
    const straddling = await server.request('GET', instancesPath(sp, '2026-12-21', '2027-01-10'));
    expect(straddling.headers.get('x-instances-created')).toBe('1');
    expect(straddling.headers.get('x-instances-unstored')).toBe('2');
    const shape = straddling.body.instances.map(
      (i: { id: number | null; start_datetime: string }) => [
        i.id === null ? 'unstored' : 'row',
        i.start_datetime.slice(0, 10),
      ],
    );
    expect(shape).toEqual([
      ['row', '2026-12-26'],
      ['unstored', '2027-01-02'],
      ['unstored', '2027-01-09'],
    ]);
    const before = await countRows(server);
    // Walk ten years of weeks: nothing more is stored.
    for (let year = 2028; year < 2038; year++) {
      const res = await server.request('GET', instancesPath(sp, `${year}-03-01`, `${year}-03-07`));
      expect(res.status).toBe(200);
      expect(res.body.instances).toHaveLength(1);
      expect(res.body.instances[0].id).toBeNull();
    }
    expect(await countRows(server)).toEqual(before);
  });

  it('the instance endpoint answers 429 in the contract shape once a client is over its rate', async () => {
    server = await startTestServer(dialect, { rateLimitPerMinute: 5 });
    const sp = await createSpecialist(server);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await server.request('GET', instancesPath(sp))).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const limited = await server.request('GET', instancesPath(sp));
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other routes are not limited.
    expect((await server.request('GET', `/specialist/${sp}`)).status).toBe(200);
  });
});

describe('the rate limit across processes sharing one PostgreSQL', () => {
  let db: TestDatabase;
  const children: Array<Awaited<ReturnType<typeof spawnServer>>> = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await stopServer(c.child);
    await db.drop();
  });

  it('holds for the deployment: 6 per minute in all, whichever process answers', async () => {
    db = await createTestDatabase('postgres');
    for (let i = 0; i < 2; i++)
      children.push(await spawnServer(db.url, await freePort(), { RECURRA_RATE_LIMIT: '6' }));
    const [a, b] = children.map((c) => c.baseUrl) as [string, string];
    const sp = (await request(a, 'POST', '/specialist', { name: 'RL', timezone: 'UTC' })).body
      .id as number;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await request(i % 2 ? a : b, 'GET', instancesPath(sp))).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.slice(6)).toEqual([429, 429, 429, 429]);
    const limited = await request(b, 'GET', instancesPath(sp));
    expect(limited.body.error).toEqual({
      code: 'rate_limited',
      message: expect.stringMatching(/too many requests; retry in/),
      details: { limit_per_minute: 6 },
    });
  }, 60_000);
});

describe('request counters', () => {
  it('count per client in fixed windows, forgetting a window once it is over', async () => {
    let now = 0;
    const counter = new MemoryRequestCounter({ now: () => now });
    for (let i = 1; i <= 3; i++) expect((await counter.hit('a', 60_000)).hits).toBe(i);
    expect(await counter.hit('b', 60_000)).toEqual({ hits: 1, resetInMs: 60_000 });
    now += 30_000;
    expect(await counter.hit('a', 60_000)).toEqual({ hits: 4, resetInMs: 30_000 });
    now += 30_000;
    expect((await counter.hit('a', 60_000)).hits).toBe(1);
  });
});
