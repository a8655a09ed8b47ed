import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { mondayWeeksFromNow } from '../support/dates.ts';
import { freePort, request, spawnServer, stopServer } from '../support/test-server.ts';

type Server = Awaited<ReturnType<typeof spawnServer>>;

/** Titles of a view's instances, in order: what a stale answer would get wrong. */
function titles(body: { instances: Array<{ title: string; status: string }> }): string[] {
  return body.instances.map((i) => `${i.title}/${i.status}`);
}

describe.each(DIALECTS)('ETags and cached views across two processes on %s', (dialect) => {
  let db: TestDatabase;
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await stopServer(s.child);
    await db.drop();
  });

  it('after a write in one process, the other never answers 304 or a cached body for the old state', async () => {
    db = await createTestDatabase(dialect);
    const a = await spawnServer(db.url, await freePort());
    const b = await spawnServer(db.url, await freePort());
    servers.push(a, b);
    const sp = (
      await request(a.baseUrl, 'POST', '/specialist', { name: 'Shared', timezone: 'Europe/Berlin' })
    ).body.id as number;
    // The servers run on the real clock: next week is always inside the stored horizon.
    const monday = mondayWeeksFromNow(1, 'Europe/Berlin');
    const created = await request(a.baseUrl, 'POST', `/specialist/${sp}/schedules`, {
      title: 'Clinic',
      start_datetime: `${monday}T09:00`,
      end_datetime: `${monday}T10:00`,
      recurrence_rule: 'FREQ=DAILY;COUNT=5',
    });
    expect(created.status).toBe(201);
    const path = `/specialist/${sp}/calendar-instances?start_date=${monday}`;

    // Both processes have seen (and cached) the current state, and agree on its tag.
    const first = await request(a.baseUrl, 'GET', path);
    const [x, y] = [await request(a.baseUrl, 'GET', path), await request(b.baseUrl, 'GET', path)];
    expect(first.status).toBe(200);
    expect(x.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(y.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(x.body).toEqual(first.body);
    expect(y.body).toEqual(first.body);
    const ids = (first.body as { instances: Array<{ id: number }> }).instances.map((i) => i.id);
    expect(ids).toHaveLength(5);

    // Each write goes to one process; then both are asked, with and without the old tag.
    const writes: Array<[Server, string, string, unknown, string[]]> = [
      [
        b,
        'PATCH',
        `/specialist/${sp}/instances/${ids[1]}`,
        { title: 'Moved talk' },
        [
          'Clinic/confirmed',
          'Moved talk/confirmed',
          'Clinic/confirmed',
          'Clinic/confirmed',
          'Clinic/confirmed',
        ],
      ],
      [
        a,
        'DELETE',
        `/specialist/${sp}/instances/${ids[2]}`,
        undefined,
        ['Clinic/confirmed', 'Moved talk/confirmed', 'Clinic/confirmed', 'Clinic/confirmed'],
      ],
      [
        b,
        'PATCH',
        `/specialist/${sp}/instances/${ids[0]}`,
        { title: 'Early' },
        ['Early/confirmed', 'Moved talk/confirmed', 'Clinic/confirmed', 'Clinic/confirmed'],
      ],
    ];
    let tag = first.headers.get('etag') ?? '';
    for (const [writer, method, writePath, body, expected] of writes) {
      const w = await request(writer.baseUrl, method, writePath, body);
      expect(w.status).toBeLessThan(300);
      for (const reader of [a, b]) {
        const conditional = await request(reader.baseUrl, 'GET', path, undefined, {
          'if-none-match': tag,
        });
        expect(conditional.status).toBe(200);
        expect(conditional.headers.get('etag')).not.toBe(tag);
        expect(titles(conditional.body)).toEqual(expected);
        const plain = await request(reader.baseUrl, 'GET', path);
        expect(titles(plain.body)).toEqual(expected);
        expect(plain.headers.get('etag')).toBe(conditional.headers.get('etag'));
        const again = await request(reader.baseUrl, 'GET', path, undefined, {
          'if-none-match': plain.headers.get('etag') ?? '',
        });
        expect(again.status).toBe(304);
      }
      tag = (await request(a.baseUrl, 'GET', path)).headers.get('etag') ?? '';
    }
  }, 60_000);
});
