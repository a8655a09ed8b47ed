import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** The booking pages are HTML routes of the same server, outside the API description. */
describe('the /book/… pages', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server.close());

  it.each(['/book/3', '/book/3/7', '/book/manage/12?specialist=3&token=abc'])(
    '%s answers the booking page',
    async (path) => {
      const res = await server.request('GET', path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<script type="module" src="/build/book.js"></script>');
    },
  );

  it('answers a JSON 404 for deeper paths, and lists no page in /openapi.json', async () => {
    const res = await server.request('GET', '/book/3/7/9');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    const spec = (await server.request('GET', '/openapi.json')).body;
    expect(Object.keys(spec.paths).filter((p) => p.startsWith('/book'))).toEqual([]);
  });

  it("redirects the contract's manage link (/book/manage/{booking}?token=…) to one naming the specialist, only for the booking's own token", async () => {
    const sp = (
      await server.request('POST', '/specialist', { name: 'M', timezone: 'Europe/Berlin' })
    ).body.id as number;
    await server.request('POST', `/specialist/${sp}/schedules`, {
      title: 'Days',
      start_datetime: '2026-12-07T09:00',
      end_datetime: '2026-12-07T17:00',
      recurrence_rule: 'FREQ=DAILY',
    });
    const svc = (
      await server.request('POST', `/specialist/${sp}/services`, {
        name: 'T',
        duration_minutes: 30,
      })
    ).body.id as number;
    const booked = await server.request('POST', `/specialist/${sp}/bookings`, {
      service_id: svc,
      start_datetime: '2026-12-08T10:00',
      client: { name: 'Ada', email: 'ada@example.org' },
    });
    expect(booked.status).toBe(201);
    const id = booked.body.id as number;
    const token = booked.body.cancel_token as string;
    const get = (path: string) => fetch(server.baseUrl + path, { redirect: 'manual' });

    const right = await get(`/book/manage/${id}?token=${encodeURIComponent(token)}`);
    expect(right.status).toBe(302);
    expect(right.headers.get('location')).toBe(
      `/book/manage/${id}?specialist=${sp}&token=${encodeURIComponent(token)}`,
    );
    // A wrong token, an unknown booking, an id out of range: the page, and nothing said about whose.
    for (const path of [
      `/book/manage/${id}?token=rcb_wrong`,
      `/book/manage/999999?token=${encodeURIComponent(token)}`,
      `/book/manage/99999999999999?token=${encodeURIComponent(token)}`,
    ]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('location')).toBeNull();
    }
  });
});
