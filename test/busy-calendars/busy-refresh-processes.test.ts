import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContext, type AppContext } from '../../src/context.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { freePort, request, spawnServer, stopServer } from '../support/test-server.ts';
import { calendar, startFeedServer, status, type FeedServer } from './support/feed-server.ts';
import { DAILY_MEETING } from './support/work-calendar.ts';

const run = promisify(execFile);

/** `node bin/recurra.mjs …` as an operator runs it, on the test database. */
async function recurra(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/recurra.mjs', ...args], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * Busy calendars fetched by real processes: the `recurra busy refresh` command, and a server's
 * background refresher. Both run on the real clock, so the feed is a daily meeting since 2020
 * (busy in any window) and nothing here depends on the date.
 */
describe.each(DIALECTS)('busy calendars refreshed by real processes on %s', (dialect) => {
  let feeds: FeedServer;
  let db: TestDatabase;
  let ctx: AppContext;
  let sp: number;

  beforeAll(async () => {
    feeds = await startFeedServer();
    feeds.answer('/daily.ics', calendar(DAILY_MEETING, { etag: '"d1"' }));
    feeds.answer('/broken.ics', status(500));
  });
  afterAll(async () => feeds.close());
  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    ctx = createContext(db.storage, {
      limits: { allowPrivateTargets: true },
      defaultMetrics: false,
    });
    sp = (await ctx.specialists.create({ name: 'Dr. Rivera', timezone: 'Europe/Berlin' }))
      .specialist.id;
  });
  afterEach(async () => db.drop());

  const intervalsOf = async (calendarId: number) =>
    Number(
      (
        await db.storage.db
          .selectFrom('busy_intervals')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('calendar_id', '=', calendarId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('`recurra busy refresh` fetches every calendar now, one line each; a failed fetch is recorded, not fatal', async () => {
    const daily = await ctx.busyCalendars.create(sp, {
      url: feeds.url('/daily.ics'),
      name: 'Daily',
    });
    const broken = await ctx.busyCalendars.create(sp, {
      url: feeds.url('/broken.ics'),
      name: 'Broken',
    });
    const env = { DATABASE_URL: db.url, RECURRA_WEBHOOK_ALLOW_PRIVATE: '1' };

    const first = await recurra(['busy', 'refresh'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split('\n')).toEqual([
      `busy calendar ${daily.id} "Daily" (specialist ${sp}): ok, 1 event(s)`,
      `busy calendar ${broken.id} "Broken" (specialist ${sp}): error: HTTP 500, 0 event(s)`,
    ]);
    // A daily one-hour meeting over [now − 1 day, now + 400 days): 401 or 402 intervals.
    expect(await intervalsOf(daily.id)).toBeGreaterThanOrEqual(401);
    expect(await intervalsOf(daily.id)).toBeLessThanOrEqual(402);

    // Again at once, whatever next_fetch_at says, and conditionally: 304.
    const again = await recurra(['busy', 'refresh', '--specialist', String(sp)], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `busy calendar ${daily.id} "Daily" (specialist ${sp}): not modified, 1 event(s)`,
    );
    expect(feeds.requests.filter((r) => r.path === '/daily.ics').at(-1)?.ifNoneMatch).toBe('"d1"');

    // Without RECURRA_WEBHOOK_ALLOW_PRIVATE the loopback address is refused, and recorded.
    const guarded = await recurra(['busy', 'refresh'], { DATABASE_URL: db.url });
    expect(guarded.code).toBe(0);
    expect(guarded.stdout).toMatch(
      /"Daily" .*: error: url resolves to a private, loopback or link-local address/,
    );
    expect(await intervalsOf(daily.id)).toBeGreaterThanOrEqual(401);

    const unknown = await recurra(['busy', 'refresh', '--specialist', '999999'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/specialist 999999 does not exist/);
    const other = (await ctx.specialists.create({ name: 'Dr. Okafor', timezone: 'UTC' }))
      .specialist;
    const none = await recurra(['busy', 'refresh', '--specialist', String(other.id)], env);
    expect(none.code).toBe(0);
    expect(none.stdout.trim()).toBe('no busy calendars');
  }, 120_000);

  it('a server process fetches due calendars in the background after it starts, and stops cleanly', async () => {
    const daily = await ctx.busyCalendars.create(sp, {
      url: feeds.url('/daily.ics'),
      name: 'Daily',
    });
    const server = await spawnServer(db.url, await freePort(), {
      RECURRA_WEBHOOK_ALLOW_PRIVATE: '1',
    });
    try {
      const path = `/specialist/${sp}/busy-calendars/${daily.id}`;
      let shown = (await request(server.baseUrl, 'GET', path)).body;
      // Wait for the first round (it starts right after listen); no request triggers it.
      for (let tries = 0; shown.last_status === null && tries < 200; tries++) {
        await new Promise((r) => setTimeout(r, 100));
        shown = (await request(server.baseUrl, 'GET', path)).body;
      }
      expect(shown).toMatchObject({ last_status: 'ok', events: 1 });
      expect(await intervalsOf(daily.id)).toBeGreaterThanOrEqual(401);
      const metrics = (await request(server.baseUrl, 'GET', '/metrics')).body as string;
      expect(metrics).toMatch(/^recurra_busy_fetch_total\{result="ok"\} 1$/m);
    } finally {
      expect(await stopServer(server.child)).toBe(0);
    }
  }, 60_000);
});

describe('RECURRA_BUSY_REFRESH_MINUTES', () => {
  it.each(['0', '-5', 'often', '10081'])(
    'a server with RECURRA_BUSY_REFRESH_MINUTES=%s does not start, and says why',
    async (value) => {
      const res = await recurra(['serve'], {
        PORT: '0',
        DATABASE_URL: 'sqlite::memory:',
        RECURRA_BUSY_REFRESH_MINUTES: value,
      });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/RECURRA_BUSY_REFRESH_MINUTES must be a whole number from 1/);
    },
    60_000,
  );
});
