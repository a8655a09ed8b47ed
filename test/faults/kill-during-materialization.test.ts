import { duplicateOccurrences } from '../support/fixtures.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { mondayWeeksFromNow, plusDays } from '../support/dates.ts';
import { freePort, request, spawnServer, stopServer } from '../support/test-server.ts';

const SCHEDULES = 40;

describe.each(DIALECTS)('kill -9 while materializing a large window on %s', (dialect) => {
  let db: TestDatabase;
  afterEach(async () => db.drop());

  it('leaves no duplicate and no partial state that a later view does not repair', async () => {
    db = await createTestDatabase(dialect);
    let server = await spawnServer(db.url, await freePort());
    const sp = (
      await request(server.baseUrl, 'POST', '/specialist', {
        name: 'Busy',
        timezone: 'Europe/Berlin',
      })
    ).body.id as number;
    // The server runs on the real clock: a year that starts half a year ago stays stored.
    const first = mondayWeeksFromNow(-26, 'Europe/Berlin');
    const last = plusDays(first, 364);
    for (let i = 0; i < SCHEDULES; i++) {
      const hh = String(i % 24).padStart(2, '0');
      await request(server.baseUrl, 'POST', `/specialist/${sp}/schedules?allow_overlap=true`, {
        title: `Block ${i}`,
        start_datetime: `${first}T${hh}:00:00`,
        end_datetime: `${first}T${hh}:30:00`,
        recurrence_rule: 'FREQ=DAILY',
      });
    }
    const path = `/specialist/${sp}/calendar-instances?start_date=${first}&end_date=${last}`;
    // Fire the big first view and kill the process while it works.
    const pending = request(server.baseUrl, 'GET', path).catch(() => null);
    await new Promise((r) => setTimeout(r, 150));
    server.child.kill('SIGKILL');
    await pending;
    await stopServer(server.child);
    const afterKill = await db.storage.db
      .selectFrom('instances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    server = await spawnServer(db.url, await freePort());
    const res = await request(server.baseUrl, 'GET', path);
    expect(res.status).toBe(200);
    expect(res.body.instances).toHaveLength(SCHEDULES * 365);
    expect(Number(res.headers.get('x-instances-created')) + Number(afterKill.n)).toBe(
      SCHEDULES * 365,
    );
    const again = await request(server.baseUrl, 'GET', path);
    expect(again.headers.get('x-instances-created')).toBe('0');
    await stopServer(server.child);
    const dup = await duplicateOccurrences(db.storage);
    expect(dup).toBe(0);
  }, 60_000);
});

describe('two processes on one SQLite file', () => {
  let db: TestDatabase;
  afterEach(async () => db.drop());

  it('concurrent first views and creates from both succeed (WAL, busy timeout, BEGIN IMMEDIATE)', async () => {
    db = await createTestDatabase('sqlite');
    const a = await spawnServer(db.url, await freePort());
    const b = await spawnServer(db.url, await freePort());
    try {
      const sp = (
        await request(a.baseUrl, 'POST', '/specialist', {
          name: 'Shared',
          timezone: 'Europe/Berlin',
        })
      ).body.id as number;
      const start = mondayWeeksFromNow(1, 'Europe/Berlin');
      const creates = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          request(
            i % 2 ? a.baseUrl : b.baseUrl,
            'POST',
            `/specialist/${sp}/schedules?allow_overlap=true`,
            {
              title: `S${i}`,
              start_datetime: `${start}T09:00`,
              end_datetime: `${start}T10:00`,
              recurrence_rule: 'FREQ=DAILY',
            },
          ),
        ),
      );
      expect(creates.map((r) => r.status)).toEqual(Array(10).fill(201));
      const views = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          request(
            i % 2 ? a.baseUrl : b.baseUrl,
            'GET',
            `/specialist/${sp}/calendar-instances?start_date=${start}&end_date=${plusDays(start, 27)}`,
          ),
        ),
      );
      expect(views.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(views.reduce((n, r) => n + Number(r.headers.get('x-instances-created')), 0)).toBe(
        10 * 28,
      );
    } finally {
      await stopServer(a.child);
      await stopServer(b.child);
    }
  }, 60_000);
});
