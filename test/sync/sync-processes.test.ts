import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { mondayWeeksFromNow } from '../support/dates.ts';
import {
  freePort,
  request,
  spawnServer,
  stopServer,
  type TestResponse,
} from '../support/test-server.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';

type Server = Awaited<ReturnType<typeof spawnServer>>;

/**
 * The change feed and webhooks across real server processes on one database (two PostgreSQL
 * processes; two processes on one SQLite file): the feed's order as a reader sees it while both
 * write, deliveries surviving SIGKILL, and two dispatchers sharing one outbox.
 */
describe.each(DIALECTS)('sync across processes on %s', (dialect) => {
  let db: TestDatabase;
  let receiver: WebhookReceiver | undefined;
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await stopServer(s.child, 'SIGKILL');
    await receiver?.stop();
    receiver = undefined;
    await db.drop();
  });

  const spawn = async () => {
    const s = await spawnServer(db.url, await freePort(), { RECURRA_WEBHOOK_ALLOW_PRIVATE: '1' });
    servers.push(s);
    return s;
  };
  const expectStatus = (res: TestResponse, status: number, what: string) => {
    expect(res.status, `${what} → ${JSON.stringify(res.body)}`).toBe(status);
    return res.body;
  };
  const until = async (done: () => Promise<boolean> | boolean, what: string, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('two processes writing while a reader pages: every change seen exactly once, seq never going back', async () => {
    db = await createTestDatabase(dialect);
    const [a, b] = [await spawn(), await spawn()] as [Server, Server];
    // Four specialists, so the writers do not wait on one specialist's lock: only the log's.
    const specialists: number[] = [];
    for (let i = 0; i < 4; i++)
      specialists.push(
        expectStatus(
          await request(a.baseUrl, 'POST', '/specialist', { name: `S${i}`, timezone: 'UTC' }),
          201,
          'specialist',
        ).id,
      );
    const written: string[] = [];
    const writer = async (base: string, sp: number, n: number) => {
      for (let i = 0; i < n; i++) {
        const svc = expectStatus(
          await request(base, 'POST', `/specialist/${sp}/services`, {
            name: `Service ${i}`,
            duration_minutes: 30,
          }),
          201,
          'service',
        );
        written.push(`service.created ${svc.id}`);
        expectStatus(
          await request(base, 'PATCH', `/specialist/${sp}/services/${svc.id}`, { name: `S${i}'` }),
          200,
          'patch',
        );
        written.push(`service.updated ${svc.id}`);
      }
    };
    const seen: Array<{ seq: number; type: string; object: { id: number } }> = [];
    let writing = true;
    const reader = async () => {
      let cursor: string | undefined;
      let turn = 0;
      for (;;) {
        const stillWriting = writing;
        const base = (turn++ % 2 ? a : b).baseUrl;
        const q = new URLSearchParams({ limit: '7', ...(cursor && { cursor }) });
        const page = expectStatus(await request(base, 'GET', `/changes?${q}`), 200, 'page');
        seen.push(...page.changes);
        cursor = page.next_cursor;
        if (!stillWriting && !page.has_more) return;
      }
    };
    const reading = reader();
    await Promise.all(specialists.map((sp, i) => writer((i % 2 ? a : b).baseUrl, sp, 25))).finally(
      () => (writing = false),
    );
    await reading;

    const seqs = seen.map((c) => c.seq);
    for (let i = 1; i < seqs.length; i++)
      expect(seqs[i], `position ${i}`).toBeGreaterThan(seqs[i - 1] as number);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(seen.map((c) => `${c.type} ${c.object.id}`).sort()).toEqual([...written].sort());
  }, 120_000);

  it('SIGKILL right after a booking commits: the webhook is delivered after restart, once', async () => {
    db = await createTestDatabase(dialect);
    receiver = new WebhookReceiver();
    await receiver.start();
    await receiver.stop(); // its port refuses connections until the restart
    const first = await spawn();
    const base = first.baseUrl;
    const sp = expectStatus(
      await request(base, 'POST', '/specialist', { name: 'Killed', timezone: 'Europe/Berlin' }),
      201,
      'specialist',
    ).id;
    const monday = mondayWeeksFromNow(2, 'Europe/Berlin');
    expectStatus(
      await request(base, 'POST', `/specialist/${sp}/schedules`, {
        title: 'Days',
        start_datetime: `${monday}T08:00`,
        end_datetime: `${monday}T18:00`,
        recurrence_rule: 'FREQ=DAILY',
      }),
      201,
      'schedule',
    );
    const svc = expectStatus(
      await request(base, 'POST', `/specialist/${sp}/services`, {
        name: 'Visit',
        duration_minutes: 30,
      }),
      201,
      'service',
    ).id;
    const hook = expectStatus(
      await request(base, 'POST', '/webhooks', { url: receiver.url, events: ['booking.created'] }),
      201,
      'webhook',
    );
    receiver.useSecret(hook.secret);
    const booking = expectStatus(
      await request(base, 'POST', `/specialist/${sp}/bookings`, {
        service_id: svc,
        start_datetime: `${monday}T09:00`,
        client: { name: 'Ada', email: 'ada@example.org' },
      }),
      201,
      'booking',
    );
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    servers.splice(servers.indexOf(first), 1);

    // The outbox row committed with the booking.
    const owed = await db.storage.db
      .selectFrom('webhook_deliveries')
      .select(['status', 'type'])
      .execute();
    expect(owed).toEqual([{ status: 'pending', type: 'booking.created' }]);

    await receiver.start(receiver.port);
    await spawn();
    await until(() => receiver?.acceptedPerId().size === 1, 'the delivery after restart');
    await new Promise((r) => setTimeout(r, 1500)); // no second copy follows
    const accepted = receiver.received.filter((r) => r.status < 300);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]?.verified).toBe(true);
    const body = JSON.parse(accepted[0]?.body ?? '{}');
    expect(body).toMatchObject({
      type: 'booking.created',
      data: { id: booking.id, object: { kind: 'booking', id: booking.id }, status: 'confirmed' },
    });
  }, 120_000);

  it('two dispatching processes never deliver one delivery at the same time, nor twice', async () => {
    db = await createTestDatabase(dialect);
    receiver = new WebhookReceiver();
    receiver.delayMs = 150;
    await receiver.start();
    const [a, b] = [await spawn(), await spawn()] as [Server, Server];
    const hook = expectStatus(
      await request(a.baseUrl, 'POST', '/webhooks', { url: receiver.url, events: ['*'] }),
      201,
      'webhook',
    );
    receiver.useSecret(hook.secret);
    const sp = expectStatus(
      await request(a.baseUrl, 'POST', '/specialist', { name: 'Many', timezone: 'UTC' }),
      201,
      'specialist',
    ).id;
    const n = 100;
    for (let i = 0; i < n; i += 10)
      await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          request((j % 2 ? a : b).baseUrl, 'POST', `/specialist/${sp}/services`, {
            name: `S${i + j}`,
            duration_minutes: 30,
          }).then((r) => expectStatus(r, 201, 'service')),
        ),
      );
    await until(() => receiver?.acceptedPerId().size === n, `${n} deliveries`);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received).toHaveLength(n); // no retries, no duplicates
    expect([...receiver.acceptedPerId().values()].every((c) => c === 1)).toBe(true);
    expect(receiver.maxInFlightPerId).toBe(1);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // Both processes took part.
    const workers = await db.storage.db
      .selectFrom('webhook_attempts')
      .select(['worker', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('worker')
      .execute();
    expect(workers.length).toBe(2);
    console.log(
      `webhooks on ${dialect}: ${n} changes, ${receiver.received.length} requests received, ` +
        `attempts per process ${workers.map((w) => Number(w.n)).join(' + ')}, ` +
        `duplicates per webhook-id 0, most in flight for one id ${receiver.maxInFlightPerId}`,
    );
  }, 120_000);
});
