import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeOf, type ChangeEvent } from '../../src/domain/changes/change.ts';
import { DAY_MS } from '../../src/domain/time/durations.ts';
import { ChangeRecorder } from '../../src/services/change-recorder.ts';
import { changePresenter } from '../../src/http/change-presenter.ts';
import { inTransaction } from '../../src/storage/repositories.ts';
import { DIALECTS } from '../support/databases.ts';
import { createSpecialist } from '../support/fixtures.ts';
import { ManualClock, NOW, startTestServer, type TestServer } from '../support/test-server.ts';

interface FeedChange {
  seq: number;
  type: string;
  specialist_id: number;
  object: { kind: string; id: number };
  at: string;
}

/**
 * The change feed over HTTP on both databases: each write path records exactly the changes the
 * contract names, in order, in the write's own transaction (a rolled-back write leaves none);
 * cursors page every change exactly once; retention expires old cursors with 410.
 */
describe.each(DIALECTS)('change feed on %s', (dialect) => {
  let server: TestServer;
  let clock: ManualClock;
  let sp: number;

  const ok = async (method: string, path: string, body?: unknown, status = 200) => {
    const res = await server.request(method, path, body);
    expect(res.status, `${method} ${path} → ${JSON.stringify(res.body)}`).toBe(status);
    return res.body;
  };
  /** Every change after `cursor`, read page by page. */
  const readAll = async (path = '/changes', cursor?: string, limit = 1000) => {
    const seen: FeedChange[] = [];
    let next = cursor;
    for (;;) {
      const q = new URLSearchParams({ limit: String(limit), ...(next && { cursor: next }) });
      const page = await ok('GET', `${path}?${q}`);
      seen.push(...(page.changes as FeedChange[]));
      next = page.next_cursor as string;
      if (!page.has_more) return { changes: seen, cursor: next };
    }
  };
  const brief = (c: FeedChange) => `${c.type} ${c.object.kind}:${c.object.id}`;

  beforeEach(async () => {
    clock = new ManualClock(NOW);
    server = await startTestServer(dialect, { clock });
    sp = await createSpecialist(server, 'Europe/Berlin');
  });
  afterEach(() => server.close());

  it('every write path records exactly its changes, in commit order; views and reads record none', async () => {
    let cursor = (await readAll()).cursor;
    /** Runs `write`, then expects exactly `expected` (as "type kind:id") since the last check. */
    const expectChanges = async (write: () => Promise<unknown>, expected: () => string[]) => {
      await write();
      const r = await readAll('/changes', cursor);
      cursor = r.cursor;
      expect(r.changes.map(brief)).toEqual(expected());
      for (const c of r.changes) expect(c.specialist_id).toBe(sp);
      return r.changes;
    };

    let sid = 0;
    await expectChanges(
      async () => {
        sid = (
          await ok(
            'POST',
            `/specialist/${sp}/schedules`,
            {
              title: 'Mornings',
              start_datetime: '2026-12-07T09:00',
              end_datetime: '2026-12-07T12:00',
              recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
            },
            201,
          )
        ).id;
      },
      () => [`schedule.created schedule:${sid}`],
    );

    // Materializing on a view is not a change.
    let instances: Array<{ id: number; start_datetime: string }> = [];
    await expectChanges(
      async () => {
        instances = (
          await ok(
            'GET',
            `/specialist/${sp}/calendar-instances?start_date=2026-12-07&end_date=2026-12-13`,
          )
        ).instances;
        expect(instances).toHaveLength(5);
      },
      () => [],
    );

    const [monday, tuesday, wednesday] = instances as [
      (typeof instances)[0],
      (typeof instances)[0],
      (typeof instances)[0],
    ];
    await expectChanges(
      () =>
        ok('PATCH', `/specialist/${sp}/instances/${tuesday.id}`, {
          start_datetime: '2026-12-08T13:00',
          end_datetime: '2026-12-08T15:00',
        }),
      () => [`instance.updated instance:${tuesday.id}`],
    );
    await expectChanges(
      () => ok('DELETE', `/specialist/${sp}/instances/${wednesday.id}`, undefined, 204),
      () => [`instance.cancelled instance:${wednesday.id}`],
    );
    // Cancelling again is idempotent and changes nothing.
    await expectChanges(
      () => ok('DELETE', `/specialist/${sp}/instances/${wednesday.id}`, undefined, 204),
      () => [],
    );

    // A series edit that drops Tuesdays: the moved Tuesday survives as a one-off schedule.
    let detached = 0;
    await expectChanges(
      async () => {
        await ok('PATCH', `/specialist/${sp}/schedules/${sid}?scope=all`, {
          recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO,WE,TH,FR',
        });
        const list = (await ok('GET', `/specialist/${sp}/schedules`)).schedules as Array<{
          id: number;
        }>;
        detached = list.find((s) => s.id !== sid)?.id ?? -1;
      },
      () => [`schedule.updated schedule:${sid}`, `schedule.created schedule:${detached}`],
    );

    // "This and following": the old series is cut (updated), a new one starts (created).
    let following = 0;
    await expectChanges(
      async () => {
        following = (
          await ok('PATCH', `/specialist/${sp}/schedules/${sid}?scope=following&from=2026-12-14`, {
            title: 'Later mornings',
          })
        ).schedule.id;
      },
      () => [`schedule.updated schedule:${sid}`, `schedule.created schedule:${following}`],
    );
    await expectChanges(
      () =>
        ok('DELETE', `/specialist/${sp}/schedules/${following}?from=2026-12-21`, undefined, 204),
      () => [`schedule.updated schedule:${following}`],
    );
    await expectChanges(
      () => ok('DELETE', `/specialist/${sp}/schedules/${following}`, undefined, 204),
      () => [`schedule.deleted schedule:${following}`],
    );

    let svc = 0;
    await expectChanges(
      async () => {
        svc = (
          await ok(
            'POST',
            `/specialist/${sp}/services`,
            { name: 'Consultation', duration_minutes: 30 },
            201,
          )
        ).id;
      },
      () => [`service.created service:${svc}`],
    );
    await expectChanges(
      () => ok('PATCH', `/specialist/${sp}/services/${svc}`, { name: 'Long consultation' }),
      () => [`service.updated service:${svc}`],
    );
    // Slots and holds are not changes; bookings are.
    let booking = 0;
    await expectChanges(
      async () => {
        await ok(
          'GET',
          `/specialist/${sp}/slots?service_id=${svc}&start_date=2026-12-07&end_date=2026-12-13`,
        );
        booking = (
          await ok(
            'POST',
            `/specialist/${sp}/bookings`,
            {
              service_id: svc,
              start_datetime: monday.start_datetime,
              client: { name: 'Ada', email: 'ada@example.org' },
            },
            201,
          )
        ).id;
      },
      () => [`booking.created booking:${booking}`],
    );
    await expectChanges(
      () =>
        ok('PATCH', `/specialist/${sp}/bookings/${booking}`, {
          start_datetime: '2026-12-07T10:00:00+01:00',
        }),
      () => [`booking.rescheduled booking:${booking}`],
    );
    // Notes are not one of the contract's change types.
    await expectChanges(
      () => ok('PATCH', `/specialist/${sp}/bookings/${booking}`, { notes: 'bring the letter' }),
      () => [],
    );
    await expectChanges(
      () => ok('DELETE', `/specialist/${sp}/bookings/${booking}`, undefined, 204),
      () => [`booking.cancelled booking:${booking}`],
    );
    await expectChanges(
      () => ok('DELETE', `/specialist/${sp}/services/${svc}`, undefined, 204),
      () => [`service.deleted service:${svc}`],
    );

    // The whole log: seq 1, 2, 3, … without gaps, times carrying their offset.
    const whole = (await readAll()).changes;
    expect(whole.map((c) => c.seq)).toEqual(whole.map((_, i) => i + 1));
    for (const c of whole) expect(c.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    // One specialist's feed holds the same changes; another's holds none.
    const other = await createSpecialist(server, 'UTC', 'Other');
    expect((await readAll(`/specialist/${sp}/changes`)).changes).toEqual(whole);
    expect((await readAll(`/specialist/${other}/changes`)).changes).toEqual([]);
  });

  it('a write that fails after its change was recorded rolls back the change with the data', async () => {
    // Break the write at the last moment: a trigger refuses the change row of one service name,
    // after the service row and its change were written in the same transaction.
    await ok('POST', `/specialist/${sp}/services`, { name: 'Before', duration_minutes: 30 }, 201);
    const db = server.db.storage.db;
    if (dialect === 'sqlite')
      await sql`create trigger refuse_change before insert on changes
        when new.type = 'service.created' and (select name from services where id = new.object_id) = 'Doomed'
        begin select raise(abort, 'refused by test trigger'); end`.execute(db);
    else {
      await sql`create function refuse_change() returns trigger language plpgsql as $$
        begin
          if new.type = 'service.created' and (select name from services where id = new.object_id) = 'Doomed' then
            raise exception 'refused by test trigger';
          end if;
          return new;
        end $$`.execute(db);
      await sql`create trigger refuse_change before insert on changes for each row execute function refuse_change()`.execute(
        db,
      );
    }
    const seqBefore = (await readAll()).changes.map((c) => c.seq);
    const res = await server.request('POST', `/specialist/${sp}/services`, {
      name: 'Doomed',
      duration_minutes: 30,
    });
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.body.error.code).toBeDefined();
    const services = (await ok('GET', `/specialist/${sp}/services`)).services as Array<{
      name: string;
    }>;
    expect(services.map((s) => s.name)).toEqual(['Before']);
    expect((await readAll()).changes.map((c) => c.seq)).toEqual(seqBefore);
    // The counter rolled back too: the next change takes the next number, no gap.
    const after = await ok(
      'POST',
      `/specialist/${sp}/services`,
      { name: 'After', duration_minutes: 30 },
      201,
    );
    const changes = (await readAll()).changes;
    expect(changes.map((c) => c.seq)).toEqual([...seqBefore, seqBefore.length + 1]);
    expect(changes.at(-1)?.object.id).toBe(after.id);
  });

  it('refused writes (conflicts, invalid input, full slots) record nothing', async () => {
    const base = {
      title: 'A',
      start_datetime: '2026-12-07T09:00',
      end_datetime: '2026-12-07T12:00',
      recurrence_rule: 'FREQ=DAILY',
    };
    await ok('POST', `/specialist/${sp}/schedules`, base, 201);
    const before = (await readAll()).changes;
    expect((await server.request('POST', `/specialist/${sp}/schedules`, base)).status).toBe(409);
    expect(
      (
        await server.request('POST', `/specialist/${sp}/schedules`, {
          ...base,
          recurrence_rule: 'FREQ=SOMETIMES',
        })
      ).status,
    ).toBe(400);
    const svc = (
      await ok('POST', `/specialist/${sp}/services`, { name: 'One', duration_minutes: 30 }, 201)
    ).id;
    const book = () =>
      server.request('POST', `/specialist/${sp}/bookings`, {
        service_id: svc,
        start_datetime: '2026-12-08T09:00',
        client: { name: 'Ada', email: 'ada@example.org' },
      });
    expect((await book()).status).toBe(201);
    expect((await book()).status).toBe(409);
    const types = (await readAll()).changes.slice(before.length).map((c) => c.type);
    expect(types).toEqual(['service.created', 'booking.created']);
  });

  it('cursors page 10,000 changes exactly once each, at any page size, also per specialist', async () => {
    const other = await createSpecialist(server, 'UTC', 'Other');
    const recorder = new ChangeRecorder(clock, changePresenter);
    // 10,000 changes in 20 transactions through the recorder every write path uses.
    for (let batch = 0; batch < 20; batch++)
      await inTransaction(server.db.storage, (repos) => {
        const events: ChangeEvent[] = [];
        for (let i = 0; i < 500; i++)
          events.push(changeOf('schedule.updated', i % 4 === 0 ? other : sp, batch * 500 + i + 1));
        return recorder.record(repos, events);
      });
    for (const limit of [1000, 337, 100]) {
      const { changes } = await readAll('/changes', undefined, limit);
      expect(changes.map((c) => c.seq)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    }
    // The default page is 100.
    const first = await ok('GET', '/changes');
    expect(first.changes).toHaveLength(100);
    expect(first.has_more).toBe(true);
    const mine = (await readAll(`/specialist/${other}/changes`, undefined, 333)).changes;
    expect(mine).toHaveLength(2500);
    expect(mine.every((c) => c.specialist_id === other)).toBe(true);
    expect(mine.map((c) => c.object.id)).toEqual(Array.from({ length: 2500 }, (_, i) => i * 4 + 1));
    // At the end: an empty page, the same cursor back, nothing more.
    const end = await readAll('/changes');
    const again = await ok('GET', `/changes?cursor=${end.cursor}`);
    expect(again).toEqual({ changes: [], next_cursor: end.cursor, has_more: false });
  });

  it('after retention, an older cursor answers 410 cursor_expired; a fresh read starts at the oldest kept', async () => {
    await ok('POST', `/specialist/${sp}/services`, { name: 'Old', duration_minutes: 30 }, 201);
    const oldCursor = (await readAll()).cursor;
    clock.advance(10 * DAY_MS);
    await ok('POST', `/specialist/${sp}/services`, { name: 'Middle', duration_minutes: 30 }, 201);
    const middleCursor = (await readAll()).cursor;
    clock.advance(25 * DAY_MS);
    await ok('POST', `/specialist/${sp}/services`, { name: 'New', duration_minutes: 30 }, 201);
    // 35 days after the first change: `recurra expire` drops the changes older than 30 days.
    const result = await server.ctx.maintenance.expire({
      olderThanDays: 90,
      dryRun: false,
      keepExceptions: false,
    });
    expect(result.changes).toBe(1);
    // Without a cursor: from the oldest kept change.
    const beginning = (await server.request('GET', '/changes?limit=1')).body;
    expect(beginning.changes.map((c: FeedChange) => c.seq)).toEqual([2]);
    // The cursor that had read change 1 is still good: nothing after it was removed.
    const fromOld = await server.request('GET', `/changes?cursor=${oldCursor}`);
    expect(fromOld.status).toBe(200);
    expect(fromOld.body.changes.map((c: FeedChange) => c.seq)).toEqual([2, 3]);
    expect(
      (await server.request('GET', `/changes?cursor=${middleCursor}`)).body.changes,
    ).toHaveLength(1);
    // Another 10 days: change 2 goes; the cursor that stopped after change 1 missed it: 410.
    clock.advance(10 * DAY_MS);
    await server.ctx.maintenance.pruneChanges();
    const expired = await server.request('GET', `/changes?cursor=${oldCursor}`);
    expect(expired.status).toBe(410);
    expect(expired.body).toEqual({
      error: {
        code: 'cursor_expired',
        message: expect.stringMatching(/start over/),
        details: { cursor: oldCursor },
      },
    });
    const perSpecialist = await server.request(
      'GET',
      `/specialist/${sp}/changes?cursor=${oldCursor}`,
    );
    expect(perSpecialist.status).toBe(410);
    expect((await server.request('GET', `/changes?cursor=${middleCursor}`)).status).toBe(200);
    expect((await readAll()).changes.map((c) => c.seq)).toEqual([3]);
  });

  it('refuses bad cursors and limits with 400, unknown specialists with 404', async () => {
    for (const q of [
      'cursor=nonsense!',
      'cursor=' + Buffer.from('c2.1').toString('base64url'),
      'cursor=' + 'A'.repeat(41),
      'limit=0',
      'limit=1001',
      'limit=ten',
      'since=1',
    ]) {
      const res = await server.request('GET', `/changes?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
    }
    expect((await server.request('GET', '/specialist/999/changes')).status).toBe(404);
  });
});

describe.each(DIALECTS)('change feed access on %s', (dialect) => {
  const ADMIN = 'admin-secret-token-for-tests';
  let server: TestServer;
  afterEach(() => server.close());

  it("the admin reads everybody's changes; a specialist only its own", async () => {
    server = await startTestServer(dialect, { adminToken: ADMIN });
    const admin = { authorization: `Bearer ${ADMIN}` };
    const a = (await server.request('POST', '/specialist', { name: 'A', timezone: 'UTC' }, admin))
      .body;
    const b = (await server.request('POST', '/specialist', { name: 'B', timezone: 'UTC' }, admin))
      .body;
    const asA = { authorization: `Bearer ${a.token}` };
    await server.request(
      'POST',
      `/specialist/${a.id}/services`,
      { name: 'S', duration_minutes: 30 },
      asA,
    );
    expect((await server.request('GET', '/changes')).status).toBe(401);
    expect((await server.request('GET', '/changes', undefined, asA)).status).toBe(403);
    expect((await server.request('GET', '/changes', undefined, admin)).body.changes).toHaveLength(
      1,
    );
    expect((await server.request('GET', `/specialist/${a.id}/changes`)).status).toBe(401);
    expect(
      (await server.request('GET', `/specialist/${b.id}/changes`, undefined, asA)).status,
    ).toBe(403);
    const own = await server.request('GET', `/specialist/${a.id}/changes`, undefined, asA);
    expect(own.status).toBe(200);
    expect(own.body.changes.map((c: FeedChange) => c.type)).toEqual(['service.created']);
  });
});
