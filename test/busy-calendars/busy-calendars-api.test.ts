import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { createSpecialist } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { startFeedServer, status, type FeedServer } from './support/feed-server.ts';

const ADMIN = 'admin-secret-for-tests';

/** `/specialist/{id}/busy-calendars` over HTTP: the rows, who may see them, which URLs are refused. */
describe.each(DIALECTS)('the busy-calendars resource on %s', (dialect) => {
  let feeds: FeedServer;
  let server: TestServer | undefined;

  beforeAll(async () => {
    feeds = await startFeedServer();
    feeds.answer('/never.ics', status(500));
  });
  afterAll(async () => feeds.close());
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('creates, lists, reads and deletes calendars; nothing is fetched on a request', async () => {
    const s = (server = await startTestServer(dialect, { limits: { allowPrivateTargets: true } }));
    const sp = await createSpecialist(s, 'America/New_York');
    const base = `/specialist/${sp}/busy-calendars`;
    const created = await s.request('POST', base, { url: feeds.url('/never.ics'), name: ' Work ' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      url: feeds.url('/never.ics'),
      name: 'Work',
      last_fetched_at: null,
      last_status: null,
      events: 0,
    });
    const other = await s.request('POST', base, { url: feeds.url('/never.ics'), name: 'Home' });
    expect((await s.request('GET', base)).body).toEqual({
      busy_calendars: [created.body, other.body],
    });
    expect((await s.request('GET', `${base}/${created.body.id}`)).body).toEqual(created.body);
    expect(feeds.requests).toEqual([]);

    // Taken by the first refresh at once (next fetch = now); its time in the specialist's zone.
    await s.ctx.busyCalendars.refreshDue();
    expect((await s.request('GET', `${base}/${created.body.id}`)).body).toMatchObject({
      last_fetched_at: '2026-12-02T05:00:00-05:00',
      last_status: 'error: HTTP 500',
      events: 0,
    });

    expect((await s.request('DELETE', `${base}/${created.body.id}`)).status).toBe(204);
    expect((await s.request('GET', `${base}/${created.body.id}`)).status).toBe(404);
    expect((await s.request('DELETE', `${base}/${created.body.id}`)).status).toBe(404);
    expect((await s.request('GET', base)).body.busy_calendars).toEqual([
      expect.objectContaining({ id: other.body.id }),
    ]);
    // Another specialist's calendar is not found under this one.
    const sp2 = await createSpecialist(s, 'Europe/Berlin', 'Dr. Okafor');
    expect(
      (await s.request('GET', `/specialist/${sp2}/busy-calendars/${other.body.id}`)).status,
    ).toBe(404);
    expect(
      (await s.request('DELETE', `/specialist/${sp2}/busy-calendars/${other.body.id}`)).status,
    ).toBe(404);
  });

  it('refuses bad input with 400 naming the field, and an unknown specialist with 404', async () => {
    const s = (server = await startTestServer(dialect, { limits: { allowPrivateTargets: true } }));
    const sp = await createSpecialist(s);
    const post = (body: unknown, id = sp) =>
      s.request('POST', `/specialist/${id}/busy-calendars`, body);
    const url = feeds.url('/never.ics');
    const field = async (body: unknown) => {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
      return res.body.error.details.field as string;
    };
    expect(await field({ url, name: '' })).toBe('name');
    expect(await field({ url, name: '   ' })).toBe('name');
    expect(await field({ url, name: 'x'.repeat(201) })).toBe('name');
    expect(await field({ name: 'Work' })).toBe('url');
    expect(await field({ url: 'not a url', name: 'Work' })).toBe('url');
    expect(await field({ url: 'ftp://example.org/cal.ics', name: 'Work' })).toBe('url');
    expect(await field({ url: 'http://user:pw@example.org/cal.ics', name: 'Work' })).toBe('url');
    expect(await field({ url, name: 'Work', extra: 1 })).toBe('extra');
    expect((await post({ url, name: 'x'.repeat(200) })).status).toBe(201);
    expect((await post({ url, name: 'Work' }, 999_999)).status).toBe(404);
    expect((await s.request('GET', '/specialist/999999/busy-calendars')).status).toBe(404);
  });

  it('refuses loopback and private URLs with 400 unless private targets are allowed', async () => {
    const s = (server = await startTestServer(dialect));
    const sp = await createSpecialist(s);
    for (const url of [
      feeds.url('/never.ics'),
      'http://localhost/cal.ics',
      'http://[::1]/cal.ics',
      'http://10.0.0.8/cal.ics',
      'http://169.254.169.254/latest/meta-data',
    ]) {
      const res = await s.request('POST', `/specialist/${sp}/busy-calendars`, {
        url,
        name: 'Work',
      });
      expect(res.status, url).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'validation_error',
        details: { field: 'url', value: url },
      });
      expect(res.body.error.message).toMatch(/private, loopback or link-local/);
    }
    expect(
      (await s.request('GET', `/specialist/${sp}/busy-calendars`)).body.busy_calendars,
    ).toEqual([]);
  });

  it('keeps calendars to their owner when writes are protected: reads too hold a private URL', async () => {
    const s = (server = await startTestServer(dialect, {
      adminToken: ADMIN,
      limits: { allowPrivateTargets: true },
    }));
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const specialist = async (name: string) =>
      (await s.request('POST', '/specialist', { name, timezone: 'UTC' }, auth(ADMIN))).body as {
        id: number;
        token: string;
      };
    const a = await specialist('A');
    const b = await specialist('B');
    const base = `/specialist/${a.id}/busy-calendars`;
    const body = { url: feeds.url('/never.ics'), name: 'Work' };
    expect((await s.request('POST', base, body)).status).toBe(401);
    expect((await s.request('POST', base, body, auth(b.token))).status).toBe(403);
    const created = await s.request('POST', base, body, auth(a.token));
    expect(created.status).toBe(201);
    const one = `${base}/${created.body.id}`;
    for (const path of [base, one]) {
      expect((await s.request('GET', path)).status, path).toBe(401);
      expect((await s.request('GET', path, undefined, auth(b.token))).status, path).toBe(403);
      expect((await s.request('GET', path, undefined, auth(a.token))).status, path).toBe(200);
      expect((await s.request('GET', path, undefined, auth(ADMIN))).status, path).toBe(200);
    }
    expect((await s.request('DELETE', one)).status).toBe(401);
    expect((await s.request('DELETE', one, undefined, auth(b.token))).status).toBe(403);
    expect((await s.request('DELETE', one, undefined, auth(ADMIN))).status).toBe(204);
  });
});
