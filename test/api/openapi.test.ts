import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** Every `METHOD /path` the contract names, read from the contract itself. */
function contractRoutes(): string[] {
  const text = readFileSync(resolve(import.meta.dirname, '../../../shared/spec/api.md'), 'utf8');
  const found = new Set<string>();
  for (const m of text.matchAll(/`(GET|POST|PATCH|DELETE|PUT) (\/[^`?\s]*)/g)) {
    const path = (m[2] ?? '').replace(/\{(\w+)\}/g, '{$1}');
    found.add(`${m[1]} ${path}`);
  }
  return [...found].sort();
}

describe('the API description', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server.close());

  it('lists every route of the contract in /openapi.json', async () => {
    const res = await server.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(
      res.body.paths as Record<string, Record<string, unknown>>,
    )) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    // Route parameters are named {id}, {sid}, {iid} in both.
    const expected = contractRoutes().map((r) => r.replace('{sid}', '{sid}'));
    expect(expected.length).toBeGreaterThanOrEqual(12);
    const missing = expected.filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
  });

  it('serves a browsable page at /docs from local assets', async () => {
    const page = await fetch(`${server.baseUrl}/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/swagger-ui/i);
    expect(html).not.toMatch(/https?:\/\/(unpkg|cdn)/);
  });
});
