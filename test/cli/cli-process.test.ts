import { mondayWeeksFromNow, plusDays } from '../support/dates.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createContext } from '../../src/context.ts';
import { silentLogger } from '../../src/services/logger.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { freePort, request, spawnServer, stopServer } from '../support/test-server.ts';

const run = promisify(execFile);

/** Runs `node bin/recurra.mjs …` as a user would, returning its exit code and output. */
async function recurra(
  args: string[],
  env: Record<string, string> = {},
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

describe('the recurra command', () => {
  it('--help on every command exits 0; usage errors exit 2; failures exit 1', async () => {
    const top = await recurra(['--help']);
    expect(top.code).toBe(0);
    for (const cmd of [
      'serve',
      'migrate',
      'prewarm',
      'cleanup',
      'expire',
      'stats',
      'generate',
      'seed-demo',
    ]) {
      expect(top.stdout).toContain(cmd);
      const help = await recurra([cmd, '--help']);
      expect(help.code, cmd).toBe(0);
      expect(help.stdout).toContain(`Usage: recurra ${cmd}`);
    }
    expect((await recurra(['prewarm', '--days', 'soon'])).code).toBe(2);
    expect((await recurra(['no-such-command'])).code).toBe(2);
    const failed = await recurra(['stats'], { DATABASE_URL: 'mysql://nowhere' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/DATABASE_URL/);
  }, 120_000);
});

describe('a failed start exits non-zero (a process manager must see it)', () => {
  it.each([
    ['a PORT that is not a number', { PORT: 'eighty' }],
    ['a PORT out of range', { PORT: '70000' }],
    ['a negative RECURRA_RATE_LIMIT', { RECURRA_RATE_LIMIT: '-1' }],
    ['an unknown RECURRA_MATERIALIZE', { RECURRA_MATERIALIZE: 'sometimes' }],
    ['an unknown LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['a DATABASE_URL of another kind', { DATABASE_URL: 'mysql://nowhere' }],
    ['an unreachable database', { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }],
  ])(
    'recurra serve with %s exits 1 and says why',
    async (_name, env) => {
      const res = await recurra(['serve'], { PORT: '0', ...env });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/recurra: /);
    },
    60_000,
  );

  it('recurra serve on a port in use exits 1', async () => {
    const { createServer } = await import('node:net');
    const busy = createServer();
    const port = await new Promise<number>((resolve) =>
      busy.listen(0, '127.0.0.1', () => resolve((busy.address() as { port: number }).port)),
    );
    try {
      const res = await recurra(['serve'], {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: 'sqlite::memory:',
        RECURRA_PREWARM_DAYS: '0',
      });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/EADDRINUSE|address already in use/i);
    } finally {
      busy.close();
    }
  }, 60_000);
});

describe.each(DIALECTS)('recurra against DATABASE_URL on %s', (dialect) => {
  let db: TestDatabase;
  afterEach(async () => db.drop());

  it('migrate, seed-demo, prewarm and stats --json work as separate processes', async () => {
    db = await createTestDatabase(dialect);
    const env = { DATABASE_URL: db.url };
    expect((await recurra(['migrate'], env)).stdout).toMatch(/up to date/);
    expect((await recurra(['seed-demo'], env)).stdout).toMatch(
      /3 specialist\(s\), 6 schedule\(s\) and 4 service\(s\) created/,
    );
    const warm = await recurra(['prewarm', '--days', '7'], env);
    expect(warm.code).toBe(0);
    expect(warm.stdout).toMatch(/for 3 specialist\(s\)/);
    const stats = await recurra(['stats', '--json'], env);
    expect(stats.code).toBe(0);
    const parsed = JSON.parse(stats.stdout) as {
      schedules: { active: number };
      instances: { total: number };
    };
    expect(parsed.schedules.active).toBe(6);
    expect(parsed.instances.total).toBeGreaterThan(0);
    // An unknown specialist is a failure, not a quiet success.
    const unknown = await recurra(['prewarm', '--days', '7', '--specialist', '999'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/specialist 999 does not exist/);
    // However many days are asked for, nothing is stored beyond the horizon (730 days from now).
    expect((await recurra(['prewarm', '--days', '1000'], env)).code).toBe(0);
    const latest = await db.storage.db
      .selectFrom('instances')
      .select((eb) => eb.fn.max('start_at').as('latest'))
      .executeTakeFirstOrThrow();
    expect(Number(latest.latest)).toBeLessThan(Date.now() + 730 * 86_400_000);
    expect(Number(latest.latest)).toBeGreaterThan(Date.now() + 700 * 86_400_000);
  }, 120_000);
});

// On PostgreSQL, where queries are asynchronous, a signal arrives while a request is mid-way; with
// better-sqlite3 each statement blocks the event loop, so the signal is only handled between them.
describe('graceful shutdown on postgres', () => {
  let db: TestDatabase;
  afterEach(async () => db.drop());

  it('on SIGTERM finishes the request in flight, closes the database and exits 0', async () => {
    db = await createTestDatabase('postgres');
    const server = await spawnServer(db.url, await freePort(), {
      RECURRA_PREWARM_DAYS: '0',
      LOG_LEVEL: 'debug',
    });
    const sp = (
      await request(server.baseUrl, 'POST', '/specialist', { name: 'Busy', timezone: 'UTC' })
    ).body.id as number;
    // The server runs on the real clock: a year from half a year ago stays within the horizon.
    const first = mondayWeeksFromNow(-26, 'UTC');
    for (let i = 0; i < 20; i++) {
      const hh = String(i).padStart(2, '0');
      await request(server.baseUrl, 'POST', `/specialist/${sp}/schedules?allow_overlap=true`, {
        title: `B${i}`,
        start_datetime: `${first}T${hh}:00`,
        end_datetime: `${first}T${hh}:30`,
        recurrence_rule: 'FREQ=DAILY',
      });
    }
    const slow = request(
      server.baseUrl,
      'GET',
      `/specialist/${sp}/calendar-instances?start_date=${first}&end_date=${plusDays(first, 364)}`,
    );
    // SIGTERM once the request has expanded its rules: the 7,300 rows are still to be written.
    for (let i = 0; i < 5000 && !/"msg":"expanded occurrences"/.test(server.output()); i++)
      await new Promise((r) => setTimeout(r, 2));
    const exited = stopServer(server.child, 'SIGTERM');
    const res = await slow;
    expect(res.status).toBe(200);
    expect(res.body.instances).toHaveLength(20 * 365);
    expect(await exited).toBe(0);
    // The request was still in flight when the signal arrived.
    const messages = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages.indexOf('shutting down: finishing in-flight requests')).toBeGreaterThan(-1);
    expect(messages.indexOf('shutting down: finishing in-flight requests')).toBeLessThan(
      messages.indexOf('calendar view'),
    );
    await expect(request(server.baseUrl, 'GET', '/health')).rejects.toThrow();
  }, 60_000);
});

describe('server options', () => {
  let db: TestDatabase;
  afterEach(async () => db.drop());

  it('RECURRA_PREWARM_DAYS warms in the background after start; RECURRA_EXPIRE_DAYS expires old rows; both log it', async () => {
    db = await createTestDatabase('sqlite');
    const ctx = createContext(db.storage, { defaultMetrics: false });
    const { specialist: row } = await ctx.specialists.create({
      name: 'Warm',
      timezone: 'Europe/Berlin',
    });
    await ctx.schedules.create(
      row.id,
      {
        title: 'Daily',
        start_datetime: `${mondayWeeksFromNow(-20, 'Europe/Berlin')}T09:00`,
        end_datetime: `${mondayWeeksFromNow(-20, 'Europe/Berlin')}T10:00`,
        recurrence_rule: 'FREQ=DAILY',
      },
      true,
    );
    // History to expire: a week nine weeks ago (the server's expiry keeps 30 days).
    await ctx.calendar.view(
      row.id,
      { startDate: mondayWeeksFromNow(-9, 'Europe/Berlin') },
      silentLogger,
    );
    const server = await spawnServer(db.url, await freePort(), {
      RECURRA_PREWARM_DAYS: '7',
      RECURRA_EXPIRE_DAYS: '30',
      LOG_LEVEL: 'info',
    });
    try {
      // Ready at once; the warm-up and the expiry follow.
      expect((await request(server.baseUrl, 'GET', '/health')).status).toBe(200);
      for (
        let i = 0;
        i < 100 &&
        !(
          /prewarm finished/.test(server.output()) && /expired old instances/.test(server.output())
        );
        i++
      ) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const lines = server
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.find((l) => l.msg === 'prewarm finished')).toMatchObject({
        specialists: 1,
        created: 7,
        days: 7,
      });
      expect(lines.find((l) => l.msg === 'expired old instances')).toMatchObject({
        instances: 7,
        older_than_days: 30,
      });
    } finally {
      await stopServer(server.child);
    }
  }, 60_000);
});
