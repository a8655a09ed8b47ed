import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/http/rate-limiter.ts';
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

describe('token buckets', () => {
  it('refill at the configured rate', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').ok).toBe(true);
    now += 1000;
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
  });
});
