import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { countRows, instancesPath, SATURDAY_CLINIC } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ADMIN = 'admin-secret-for-tests';

describe.each(DIALECTS)('writes protected by RECURRA_ADMIN_TOKEN on %s', (dialect) => {
  let server: TestServer;
  let a: { id: number; token: string };
  let b: { id: number; token: string };
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    server = await startTestServer(dialect, { adminToken: ADMIN });
    const ra = await server.request(
      'POST',
      '/specialist',
      { name: 'A', timezone: 'Europe/Berlin' },
      auth(ADMIN),
    );
    const rb = await server.request(
      'POST',
      '/specialist',
      { name: 'B', timezone: 'Europe/Berlin' },
      auth(ADMIN),
    );
    a = ra.body;
    b = rb.body;
  });
  afterAll(async () => server.close());

  it('issues a token once on creation and stores only its hash', async () => {
    expect(a.token).toMatch(/^rcs_[A-Za-z0-9_-]{32}$/);
    expect((await server.request('GET', `/specialist/${a.id}`)).body.token).toBeUndefined();
    const stored = await server.db.storage.db
      .selectFrom('specialists')
      .select('token_hash')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(a.token);
  });

  it('refuses writes without a valid token with 401 and writes nothing', async () => {
    const before = await countRows(server);
    for (const headers of [{}, auth('wrong'), { authorization: 'Basic abc' }]) {
      const res = await server.request(
        'POST',
        `/specialist/${a.id}/schedules`,
        SATURDAY_CLINIC,
        headers,
      );
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    expect(
      (await server.request('POST', '/specialist', { name: 'C', timezone: 'UTC' })).status,
    ).toBe(401);
    // Authorization is decided before the body is read: garbage without a token is a 401.
    for (const body of ['{"title": ', '[]', 'not json at all']) {
      const res = await server.request('POST', `/specialist/${a.id}/schedules`, body);
      expect(res.status).toBe(401);
      expect(res.body.error).toEqual({
        code: 'unauthorized',
        message: expect.any(String),
        details: null,
      });
    }
    expect(await countRows(server)).toEqual(before);
  });

  it("a specialist's token writes its own schedules only: 403 on another's", async () => {
    const own = await server.request(
      'POST',
      `/specialist/${a.id}/schedules`,
      SATURDAY_CLINIC,
      auth(a.token),
    );
    expect(own.status).toBe(201);
    const other = await server.request(
      'POST',
      `/specialist/${b.id}/schedules`,
      SATURDAY_CLINIC,
      auth(a.token),
    );
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    expect(
      (await server.request('POST', '/specialist', { name: 'C', timezone: 'UTC' }, auth(a.token)))
        .status,
    ).toBe(403);
    expect(
      (
        await server.request(
          'DELETE',
          `/specialist/${b.id}/schedules/${own.body.id}`,
          undefined,
          auth(a.token),
        )
      ).status,
    ).toBe(403);
  });

  it('the admin token writes anything; reads stay open', async () => {
    expect(
      (await server.request('POST', `/specialist/${b.id}/schedules`, SATURDAY_CLINIC, auth(ADMIN)))
        .status,
    ).toBe(201);
    expect(
      (await server.request('GET', instancesPath(b.id, '2026-12-07', '2026-12-13'))).status,
    ).toBe(200);
    expect((await server.request('GET', `/specialist/${b.id}/schedules`)).status).toBe(200);
  });
});
