import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webhookDeliveriesCommand } from '../../src/cli/commands.ts';
import { signMessage } from '../../src/domain/changes/webhook-signature.ts';
import { DAY_MS } from '../../src/domain/time/durations.ts';
import { silentLogger } from '../../src/services/logger.ts';
import { TargetGuard } from '../../src/services/outbound/target-guard.ts';
import { WebhookDispatcher } from '../../src/services/webhook-dispatcher.ts';
import { inTransaction, repositoriesFor } from '../../src/storage/repositories.ts';
import { DIALECTS } from '../support/databases.ts';
import { createSpecialist } from '../support/fixtures.ts';
import { ManualClock, startTestServer, type TestServer } from '../support/test-server.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * Webhooks on both databases: CRUD and its rules over HTTP, and deliveries by the dispatcher to a
 * real local endpoint that verifies every request with the `standardwebhooks` package. The clock
 * starts at the real time (the receiver checks timestamps against it) and is moved by hand
 * through the backoff.
 */
describe.each(DIALECTS)('webhooks on %s', (dialect) => {
  let server: TestServer;
  let clock: ManualClock;
  let receiver: WebhookReceiver;
  let dispatcher: WebhookDispatcher;
  let sp: number;

  const ok = async (method: string, path: string, body?: unknown, status = 200) => {
    const res = await server.request(method, path, body);
    expect(res.status, `${method} ${path} → ${JSON.stringify(res.body)}`).toBe(status);
    return res.body;
  };
  /** Dispatch rounds until nothing is due at the clock's now. */
  const drain = async () => {
    let total = 0;
    for (let n = await dispatcher.runOnce(); n > 0; n = await dispatcher.runOnce()) total += n;
    return total;
  };
  const subscribe = async (events: string[] = ['*'], extra: Record<string, unknown> = {}) => {
    const hook = await ok('POST', '/webhooks', { url: receiver.url, events, ...extra }, 201);
    receiver.useSecret(hook.secret);
    return hook as { id: number; secret: string };
  };
  const createService = (name = 'Consultation') =>
    ok('POST', `/specialist/${sp}/services`, { name, duration_minutes: 30 }, 201);

  beforeEach(async () => {
    clock = new ManualClock(Math.floor(Date.now() / 1000) * 1000);
    server = await startTestServer(dialect, { clock, limits: { allowPrivateTargets: true } });
    dispatcher = server.ctx.dispatcher(silentLogger, { timeoutMs: 1000 });
    receiver = new WebhookReceiver();
    await receiver.start();
    sp = await createSpecialist(server, 'Europe/Berlin');
  });
  afterEach(async () => {
    await dispatcher.stop();
    await receiver.stop();
    await server.close();
  });

  it('creates, shows the secret once, keeps it sealed, lists, changes and deletes', async () => {
    const created = await ok(
      'POST',
      '/webhooks',
      { url: receiver.url, events: ['booking.created', 'booking.cancelled'], specialist_id: sp },
      201,
    );
    expect(created).toEqual({
      id: expect.any(Number),
      url: receiver.url,
      events: ['booking.cancelled', 'booking.created'],
      specialist_id: sp,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      is_active: true,
      disabled_reason: null,
      created_at: expect.stringMatching(/\+00:00$/),
      updated_at: expect.stringMatching(/\+00:00$/),
    });
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
    const stored = await server.db.storage.db
      .selectFrom('webhooks')
      .select('secret_sealed')
      .executeTakeFirstOrThrow();
    expect(stored.secret_sealed).not.toContain(created.secret.slice(6));
    expect(stored.secret_sealed).toMatch(/^v1\./);

    const read = await ok('GET', `/webhooks/${created.id}`);
    expect(read.secret).toBeUndefined();
    expect((await ok('GET', '/webhooks')).webhooks).toEqual([read]);
    const patched = await ok('PATCH', `/webhooks/${created.id}`, {
      events: ['*'],
      is_active: false,
    });
    expect(patched).toMatchObject({ events: ['*'], is_active: false, url: receiver.url });
    await ok('DELETE', `/webhooks/${created.id}`, undefined, 204);
    expect((await server.request('GET', `/webhooks/${created.id}`)).status).toBe(404);
    expect((await ok('GET', '/webhooks')).webhooks).toEqual([]);
  });

  it('refuses bad webhooks with 400 and writes nothing', async () => {
    for (const body of [
      { url: 'ftp://example.org/x', events: ['*'] },
      { url: 'not a url', events: ['*'] },
      { url: 'https://user:pw@example.org/x', events: ['*'] },
      { url: receiver.url, events: [] },
      { url: receiver.url, events: ['booking.exploded'] },
      { url: receiver.url },
      { url: receiver.url, events: ['*'], specialist_id: 0 },
      { url: receiver.url, events: ['*'], specialist_id: 999 },
      { url: receiver.url, events: ['*'], secret: 'mine' },
    ]) {
      const res = await server.request('POST', '/webhooks', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
    }
    expect((await ok('GET', '/webhooks')).webhooks).toEqual([]);
    expect((await server.request('PATCH', '/webhooks/1', { is_active: true })).status).toBe(404);
    expect((await server.request('GET', '/webhooks/x')).status).toBe(404);
  });

  it('delivers each matching change signed the Standard Webhooks way, with the object as the API returns it', async () => {
    const hook = await subscribe(['service.created', 'booking.created']);
    const svc = await createService();
    await ok('PATCH', `/specialist/${sp}/services/${svc.id}`, { name: 'Renamed' }); // not subscribed
    expect(await drain()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0];
    if (!got) throw new Error('nothing received');
    expect(got.verified).toBe(true);
    expect(got.status).toBe(204);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.id).toMatch(/^msg_\d+_\d+$/);
    const ts = Number(got.headers['webhook-timestamp']);
    expect(Math.abs(ts * 1000 - clock.now())).toBeLessThan(2000);
    // The signature is exactly HMAC-SHA256 over id.timestamp.body with the secret's bytes.
    expect(got.headers['webhook-signature']).toBe(signMessage(hook.secret, got.id, ts, got.body));
    const body = JSON.parse(got.body);
    expect(body).toEqual({
      type: 'service.created',
      timestamp: expect.stringMatching(/\+00:00$/),
      data: {
        ...(await ok('GET', `/specialist/${sp}/services/${svc.id}`)),
        name: 'Consultation', // as it was when the change committed
        updated_at: svc.updated_at,
        seq: 1,
        specialist_id: sp,
        object: { kind: 'service', id: svc.id },
      },
    });
    expect(Buffer.byteLength(got.body)).toBeLessThan(20_000);

    const deliveries = (await ok('GET', `/webhooks/${hook.id}/deliveries`)).deliveries;
    expect(deliveries).toEqual([
      expect.objectContaining({
        message_id: got.id,
        status: 'succeeded',
        attempt_count: 1,
        next_attempt_at: null,
        attempts: [
          expect.objectContaining({ status_code: 204, error: null, worker: dispatcher.worker }),
        ],
      }),
    ]);
    const metrics = await server.ctx.metrics.registry.metrics();
    expect(metrics).toMatch(/recurra_webhook_deliveries_total\{result="succeeded"\} 1/);
    expect(metrics).toMatch(/recurra_webhook_delivery_lag_seconds_count 1/);
  });

  it('a receiver rejects a tampered body, a forged signature and an old timestamp', async () => {
    const hook = await subscribe();
    await createService();
    await drain();
    const got = receiver.received[0];
    if (!got) throw new Error('nothing received');
    expect(got.verified).toBe(true);
    const tampered = receiver.check(got.id, got.headers, got.body.replace('Consultation', 'Free'));
    expect(tampered.verified).toBe(false);
    expect(tampered.rejection).toMatch(/signature/i);
    const otherId = receiver.check(
      `${got.id}0`,
      { ...got.headers, 'webhook-id': `${got.id}0` },
      got.body,
    );
    expect(otherId.verified).toBe(false);
    // Replayed ten minutes later with a correct signature for its old timestamp: too old.
    const old = Math.floor(Date.now() / 1000) - 600;
    const replay = receiver.check(
      got.id,
      {
        ...got.headers,
        'webhook-timestamp': String(old),
        'webhook-signature': signMessage(hook.secret, got.id, old, got.body),
      },
      got.body,
    );
    expect(replay.verified).toBe(false);
    expect(replay.rejection).toMatch(/too old/);
  });

  it('receiver down, then up: retried with backoff, delivered once per webhook-id', async () => {
    const hook = await subscribe();
    await receiver.stop(); // connection refused
    await createService('A');
    await createService('B');
    expect(await drain()).toBe(2);
    receiver.mode = 'fail';
    await receiver.start(receiver.port); // answers 503
    clock.advance(4_000);
    expect(await drain()).toBe(0); // not due before ~5 s
    clock.advance(1_000);
    expect(await drain()).toBe(2);
    clock.advance(29_000);
    expect(await drain()).toBe(0);
    receiver.mode = 'ok';
    clock.advance(1_000);
    expect(await drain()).toBe(2);
    clock.advance(DAY_MS / 2);
    expect(await drain()).toBe(0);

    const accepted = receiver.acceptedPerId();
    expect([...accepted.values()]).toEqual([1, 1]);
    expect(receiver.received.filter((r) => r.status < 300).every((r) => r.verified)).toBe(true);
    const deliveries = (await ok('GET', `/webhooks/${hook.id}/deliveries?status=succeeded`))
      .deliveries as Array<{
      attempts: Array<{ status_code: number | null; error: string | null }>;
    }>;
    expect(deliveries).toHaveLength(2);
    for (const d of deliveries) {
      expect(d.attempts.map((a) => a.status_code)).toEqual([null, 503, 204]);
      expect(d.attempts[0]?.error).toMatch(/ECONNREFUSED/);
    }
    expect((await ok('GET', `/webhooks/${hook.id}`)).is_active).toBe(true);
    const metrics = await server.ctx.metrics.registry.metrics();
    expect(metrics).toMatch(/recurra_webhook_deliveries_total\{result="retried"\} 4/);
    expect(metrics).toMatch(/recurra_webhook_deliveries_total\{result="succeeded"\} 2/);
  });

  it('after 3 days of failures: the delivery is failed, the webhook disabled; a manual retry delivers it', async () => {
    // Four days ago, so that after the three days of retries the clock is back at the
    // receiver's (real) time.
    clock.set(Math.floor(Date.now() / 1000) * 1000 - 4 * DAY_MS);
    const hook = await subscribe(['service.created']);
    receiver.mode = 'fail';
    await createService();
    const start = clock.now();
    const times: number[] = [];
    const repos = repositoriesFor(server.db.storage.db, server.db.storage);
    for (;;) {
      if (await drain()) times.push((clock.now() - start) / 1000);
      const [next] = await repos.webhooks.listDeliveries(null, 'pending', 1);
      if (!next) break;
      clock.set(next.nextAttemptAt); // straight to the next attempt
    }
    // 5 s, 30 s, 2 min, 10 min, 1 h, 6 h, then every 12 h; the last exactly 3 days after.
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(gaps.slice(0, 6)).toEqual([5, 30, 120, 600, 3600, 21_600]);
    expect(gaps.slice(6, -1).every((g) => g === 43_200)).toBe(true);
    expect(gaps.at(-1)).toBeLessThanOrEqual(43_200);
    expect(times.at(-1)).toBe(3 * 86_400);
    clock.set(start + 4 * DAY_MS);
    const [failed] = (await ok('GET', `/webhooks/${hook.id}/deliveries?status=failed`)).deliveries;
    expect(failed).toMatchObject({
      status: 'failed',
      attempt_count: times.length,
      next_attempt_at: null,
    });
    const off = await ok('GET', `/webhooks/${hook.id}`);
    expect(off.is_active).toBe(false);
    expect(off.disabled_reason).toMatch(/3 days.*503/);
    expect(await server.ctx.metrics.registry.metrics()).toMatch(
      /recurra_webhook_deliveries_total\{result="failed"\} 1/,
    );
    // While disabled, new changes are not queued for it.
    await createService('While off');
    expect((await ok('GET', `/webhooks/${hook.id}/deliveries?status=pending`)).deliveries).toEqual(
      [],
    );

    // Turned on again, and the failed delivery retried by hand (the receiver works now).
    receiver.mode = 'ok';
    const on = await ok('PATCH', `/webhooks/${hook.id}`, { is_active: true });
    expect(on).toMatchObject({ is_active: true, disabled_reason: null });
    const retried = await ok(
      'POST',
      `/webhooks/${hook.id}/deliveries/${failed.id}/retry`,
      undefined,
      202,
    );
    expect(retried).toMatchObject({ id: failed.id, status: 'pending' });
    expect(await drain()).toBe(1);
    const last = receiver.received.at(-1);
    expect(last?.verified).toBe(true);
    expect(last?.id).toBe(failed.message_id);
    expect(
      (await ok('GET', `/webhooks/${hook.id}/deliveries?status=succeeded`)).deliveries,
    ).toHaveLength(1);
    expect((await server.request('POST', `/webhooks/${hook.id}/deliveries/999/retry`)).status).toBe(
      404,
    );
  });

  it('recurra webhooks deliveries lists the newest first; --failed only the given-up ones; --json', async () => {
    const lines: string[] = [];
    const out = { line: (t: string) => lines.push(t) };
    expect(
      await webhookDeliveriesCommand(server.ctx, { failed: false, limit: 50, json: false }, out),
    ).toEqual([]);
    expect(lines).toEqual(['no deliveries']);
    await subscribe(['service.created']);
    receiver.mode = 'fail';
    await createService('First');
    await createService('Second');
    await drain();
    lines.length = 0;
    await webhookDeliveriesCommand(server.ctx, { failed: false, limit: 50, json: false }, out);
    expect(lines[0]).toMatch(/^id\twebhook\tstatus/);
    expect(lines.slice(1).map((l) => l.split('\t').slice(2, 5))).toEqual([
      ['pending', '1', 'service.created'],
      ['pending', '1', 'service.created'],
    ]);
    expect(lines[1]).toMatch(/answered 503$/);
    // The second one gives up: its clock runs past 3 days.
    await server.db.storage.db
      .updateTable('webhook_deliveries')
      .set({ status: 'failed' })
      .where('seq', '=', 2)
      .execute();
    lines.length = 0;
    const failed = await webhookDeliveriesCommand(
      server.ctx,
      { failed: true, limit: 50, json: true },
      out,
    );
    expect(failed).toHaveLength(1);
    expect(JSON.parse(lines.join('\n'))).toEqual([
      expect.objectContaining({
        seq: 2,
        status: 'failed',
        attempt_count: 1,
        attempts: [expect.objectContaining({ status_code: 503, error: 'answered 503' })],
      }),
    ]);
  });

  it('redirects are not followed, a silent receiver times out, and both are retried', async () => {
    const hook = await subscribe(['service.created']);
    receiver.mode = 'redirect';
    await createService();
    await drain();
    expect(receiver.received.map((r) => r.status)).toEqual([307]);
    receiver.mode = 'hang';
    clock.advance(5_000);
    await drain();
    const [d] = (await ok('GET', `/webhooks/${hook.id}/deliveries`)).deliveries;
    expect(d.status).toBe('pending');
    expect(d.attempts.map((a: { status_code: number | null }) => a.status_code)).toEqual([
      307,
      null,
    ]);
    expect(d.attempts[0].error).toMatch(/307/);
    expect(d.attempts[1].error).toMatch(/within 1000 ms/);
    // Only the hook path was ever asked: the redirect target never.
    expect(receiver.received).toHaveLength(1);
  });

  it('private addresses are refused without RECURRA_WEBHOOK_ALLOW_PRIVATE, at registration and at connection', async () => {
    const strict = await startTestServer(dialect);
    try {
      for (const url of [
        receiver.url,
        `http://localhost:${receiver.port}/hook`,
        'http://[::1]/hook',
        'http://10.1.2.3/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://[::ffff:127.0.0.1]/hook',
      ]) {
        const res = await strict.request('POST', '/webhooks', { url, events: ['*'] });
        expect(res.status, url).toBe(400);
        expect(res.body.error.message).toMatch(/private|resolve/);
      }
      expect((await strict.request('GET', '/webhooks')).body.webhooks).toEqual([]);
    } finally {
      await strict.close();
    }
    // Registered while allowed (a name resolving to loopback), sent by a process that is not:
    // the connection is refused at lookup, never made.
    await ok(
      'POST',
      '/webhooks',
      { url: `http://localhost:${receiver.port}/hook`, events: ['*'] },
      201,
    );
    await ok('POST', '/webhooks', { url: receiver.url, events: ['*'] }, 201);
    await createService();
    const repos = repositoriesFor(server.db.storage.db, server.db.storage);
    const strictDispatcher = new WebhookDispatcher(
      server.db.storage,
      repos,
      new TargetGuard(false),
      () => server.ctx.webhooks.secrets(),
      clock,
      { attempt: () => undefined, lag: () => undefined },
      silentLogger,
    );
    expect(await strictDispatcher.runOnce()).toBe(2);
    expect(receiver.received).toHaveLength(0);
    const errors = (await repos.webhooks.listDeliveries(null, undefined, 10)).map(
      (d) => d.lastError,
    );
    expect(errors).toEqual([
      expect.stringMatching(/refused: 127\.0\.0\.1 is a private address/),
      expect.stringMatching(/refused: localhost resolves to a private address/),
    ]);
  });

  it('a specialist token manages only its own webhooks; the admin any', async () => {
    const ADMIN = 'admin-token-for-webhook-tests';
    const guarded = await startTestServer(dialect, {
      adminToken: ADMIN,
      limits: { allowPrivateTargets: true },
    });
    try {
      const admin = { authorization: `Bearer ${ADMIN}` };
      const mk = async (name: string) =>
        (await guarded.request('POST', '/specialist', { name, timezone: 'UTC' }, admin)).body as {
          id: number;
          token: string;
        };
      const a = await mk('A');
      const b = await mk('B');
      const asA = { authorization: `Bearer ${a.token}` };
      const body = { url: receiver.url, events: ['*'] };
      expect((await guarded.request('POST', '/webhooks', body)).status).toBe(401);
      expect((await guarded.request('GET', '/webhooks')).status).toBe(401);
      expect((await guarded.request('POST', '/webhooks', 'garbage{')).status).toBe(401);
      const mine = await guarded.request('POST', '/webhooks', body, asA);
      expect(mine.status).toBe(201);
      expect(mine.body.specialist_id).toBe(a.id); // scoped to A, even without asking
      expect(
        (await guarded.request('POST', '/webhooks', { ...body, specialist_id: b.id }, asA)).status,
      ).toBe(403);
      const global = await guarded.request('POST', '/webhooks', body, admin);
      expect(global.body.specialist_id).toBeNull();
      expect(
        (await guarded.request('GET', '/webhooks', undefined, asA)).body.webhooks.map(
          (w: { id: number }) => w.id,
        ),
      ).toEqual([mine.body.id]);
      expect(
        (await guarded.request('GET', `/webhooks/${global.body.id}`, undefined, asA)).status,
      ).toBe(404);
      expect(
        (await guarded.request('DELETE', `/webhooks/${global.body.id}`, undefined, asA)).status,
      ).toBe(404);
      expect(
        (await guarded.request('GET', '/webhooks', undefined, admin)).body.webhooks,
      ).toHaveLength(2);
      expect(
        (await guarded.request('DELETE', `/webhooks/${mine.body.id}`, undefined, asA)).status,
      ).toBe(204);
    } finally {
      await guarded.close();
    }
  });

  it("a specialist's webhook takes only that specialist's changes", async () => {
    const other = await createSpecialist(server, 'UTC', 'Other');
    await subscribe(['*'], { specialist_id: other });
    await createService('Mine');
    await ok(
      'POST',
      `/specialist/${other}/services`,
      { name: 'Theirs', duration_minutes: 30 },
      201,
    );
    await drain();
    expect(receiver.received.map((r) => JSON.parse(r.body).data.name)).toEqual(['Theirs']);
  });

  it('stop() lets an attempt in flight finish and leaves nothing claimed', async () => {
    await subscribe();
    receiver.delayMs = 300;
    await createService();
    dispatcher.start();
    while (receiver.received.length === 0 && (await pendingClaims(server)) === 0)
      await new Promise((r) => setTimeout(r, 10));
    await dispatcher.stop();
    expect(receiver.received).toHaveLength(1);
    expect(await pendingClaims(server)).toBe(0);
    const rows = await server.db.storage.db.selectFrom('webhook_deliveries').selectAll().execute();
    expect(rows.map((r) => [r.status, r.claimed_by])).toEqual([['succeeded', null]]);
  });

  it('deleting a webhook drops its queue; an unknown delivery is 404', async () => {
    const hook = await subscribe();
    await createService();
    await ok('DELETE', `/webhooks/${hook.id}`, undefined, 204);
    expect(await drain()).toBe(0);
    const left = await inTransaction(server.db.storage, (repos) =>
      repos.webhooks.listDeliveries(null, undefined, 10),
    );
    expect(left).toEqual([]);
    expect((await server.request('GET', `/webhooks/${hook.id}/deliveries`)).status).toBe(404);
  });
});

async function pendingClaims(server: TestServer): Promise<number> {
  const rows = await server.db.storage.db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('claimed_by', 'is not', null)
    .execute();
  return rows.length;
}
