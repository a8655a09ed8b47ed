import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** Every `METHOD /path` the repository's API reference (docs/api.md) names. */
function documentedRoutes(): string[] {
  const text = readFileSync(resolve(import.meta.dirname, '../../docs/api.md'), 'utf8');
  const found = new Set<string>();
  for (const m of text.matchAll(/`(GET|POST|PATCH|DELETE|PUT) (\/[^`?\s]*)/g))
    found.add(`${m[1]} ${m[2]}`);
  return [...found].sort();
}

type Operation = {
  responses: Record<string, unknown>;
  security?: unknown[];
  parameters?: Array<{ in: string; name: string }>;
};

describe('the API description', () => {
  let server: TestServer;
  let spec: { openapi: string; paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    spec = (await server.request('GET', '/openapi.json')).body;
  });
  afterAll(async () => server.close());

  it('is valid OpenAPI 3 (checked by an independent validator)', async () => {
    const result = await new Validator().validate(spec);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every route of docs/api.md', () => {
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(spec.paths))
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    const expected = documentedRoutes();
    expect(expected.length).toBeGreaterThanOrEqual(12);
    expect(expected.filter((r) => !documented.has(r))).toEqual([]);
    // And the other way: every operation the server has is in the reference users read.
    const inDocs = new Set(expected);
    const undocumented = [...documented].filter(
      (r) => !inDocs.has(r) && !/ \/(docs|openapi\.json|health|metrics)/.test(r),
    );
    expect(undocumented).toEqual([]);
  });

  it('gives every operation its real status codes, and the bearer scheme where a token is needed', () => {
    const op = (method: string, path: string) => spec.paths[path]?.[method] as Operation;
    const codes = (method: string, path: string) => Object.keys(op(method, path).responses).sort();
    expect(codes('post', '/specialist/{id}/schedules')).toEqual(
      ['201', '400', '401', '403', '404', '409', '413', '415', '503'].sort(),
    );
    expect(codes('get', '/specialist/{id}/calendar-instances')).toEqual(
      ['200', '304', '400', '404', '429', '503'].sort(),
    );
    // 409: has_bookings (cancelling an occurrence a booking stands in needs ?force=true).
    expect(codes('delete', '/specialist/{id}/instances/{iid}')).toEqual(
      ['204', '401', '403', '404', '409', '503'].sort(),
    );
    // Clients are not specialists: holding and booking are public writes (bookings.md).
    const publicWrites = new Set([
      'post /specialist/{id}/holds',
      'delete /specialist/{id}/holds/{hid}',
      'post /specialist/{id}/bookings',
    ]);
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, o] of Object.entries(ops)) {
        expect(Object.keys(o.responses).length, `${method} ${path}`).toBeGreaterThan(0);
        if (
          method !== 'get' &&
          path.startsWith('/specialist') &&
          !publicWrites.has(`${method} ${path}`)
        )
          expect(o.security, `${method} ${path} names the bearer scheme`).toEqual([{ bearer: [] }]);
      }
    }
  });

  it('serves a browsable page at /docs from local assets', async () => {
    const page = await fetch(`${server.baseUrl}/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/swagger-ui/i);
    expect(html).not.toMatch(/https?:\/\/(unpkg|cdn)/);
  });
});
