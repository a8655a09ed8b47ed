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
});
