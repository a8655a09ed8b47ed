import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import {
  countRows,
  createSpecialist,
  instancesPath,
  SATURDAY_CLINIC,
} from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe.each(DIALECTS)('overlap conflicts on %s', (dialect) => {
  let server: TestServer;
  let sp: number;
  const create = (body: Record<string, unknown>, query = '') =>
    server.request('POST', `/specialist/${sp}/schedules${query}`, { ...SATURDAY_CLINIC, ...body });

  beforeEach(async () => {
    server = await startTestServer(dialect);
    sp = await createSpecialist(server);
    expect((await create({})).status).toBe(201);
  });
  afterEach(async () => server.close());

  it('refuses an overlapping series with 409, naming the clashing occurrences, and writes nothing', async () => {
    const before = await countRows(server);
    const res = await create({
      title: 'Clash',
      start_datetime: '2026-12-12T16:00:00',
      end_datetime: '2026-12-12T18:00:00',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=3',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('conflict');
    expect(res.body.error.details.conflicts).toEqual([
      {
        schedule_id: 1,
        start_datetime: '2026-12-12T09:00:00+01:00',
        end_datetime: '2026-12-12T17:00:00+01:00',
      },
      {
        schedule_id: 1,
        start_datetime: '2026-12-19T09:00:00+01:00',
        end_datetime: '2026-12-19T17:00:00+01:00',
      },
      {
        schedule_id: 1,
        start_datetime: '2026-12-26T09:00:00+01:00',
        end_datetime: '2026-12-26T17:00:00+01:00',
      },
    ]);
    expect(await countRows(server)).toEqual(before);
  });

  it('lists at most 20 conflicts', async () => {
    const res = await create({
      title: 'Daily',
      start_datetime: '2026-12-05T08:00:00',
      end_datetime: '2026-12-05T10:00:00',
      recurrence_rule: 'FREQ=DAILY',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.details.conflicts).toHaveLength(20);
  });

  it('accepts back-to-back blocks, other days, and anything with allow_overlap=true', async () => {
    expect(
      (
        await create({
          title: 'After',
          start_datetime: '2026-12-05T17:00:00',
          end_datetime: '2026-12-05T19:00:00',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await create({
          title: 'Sunday',
          start_datetime: '2026-12-06T09:00:00',
          end_datetime: '2026-12-06T17:00:00',
          recurrence_rule: 'FREQ=WEEKLY;BYDAY=SU',
        })
      ).status,
    ).toBe(201);
    expect((await create({ title: 'Forced' }, '?allow_overlap=true')).status).toBe(201);
  });

  it('finds a clash with a one-off event, and one beyond the quick weekly test (monthly rule)', async () => {
    expect(
      (
        await create({
          title: 'Talk',
          start_datetime: '2026-12-08T10:00:00',
          end_datetime: '2026-12-08T11:00:00',
          recurrence_rule: null,
        })
      ).status,
    ).toBe(201);
    const monthly = await create({
      title: 'Second Tuesday',
      start_datetime: '2026-12-08T10:30:00',
      end_datetime: '2026-12-08T12:00:00',
      recurrence_rule: 'FREQ=MONTHLY;BYDAY=2TU',
    });
    expect(monthly.status).toBe(409);
    expect(monthly.body.error.details.conflicts[0]).toMatchObject({
      start_datetime: '2026-12-08T10:00:00+01:00',
    });
  });

  it('checks schedules in other zones by their instants', async () => {
    // 09:00 Berlin is 03:00 in New York.
    const res = await create({
      title: 'NY',
      timezone: 'America/New_York',
      start_datetime: '2026-12-12T02:00:00',
      end_datetime: '2026-12-12T04:00:00',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA',
    });
    expect(res.status).toBe(409);
  });

  it('ignores cancelled occurrences and checks moved ones at their new time', async () => {
    const view = await server.request('GET', instancesPath(sp, '2026-12-07', '2026-12-20'));
    const [first, second] = view.body.instances as Array<{ id: number }>;
    await server.request('DELETE', `/specialist/${sp}/instances/${first?.id}`);
    expect(
      (
        await create({
          title: 'Free now',
          start_datetime: '2026-12-12T10:00:00',
          end_datetime: '2026-12-12T11:00:00',
          recurrence_rule: null,
        })
      ).status,
    ).toBe(201);
    const moved = await server.request('PATCH', `/specialist/${sp}/instances/${second?.id}`, {
      start_datetime: '2026-12-17T09:00:00',
    });
    expect(moved.status).toBe(200);
    expect(
      (
        await create({
          title: 'Thursday',
          start_datetime: '2026-12-17T12:00:00',
          end_datetime: '2026-12-17T13:00:00',
          recurrence_rule: null,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await create({
          title: 'Saturday free',
          start_datetime: '2026-12-19T12:00:00',
          end_datetime: '2026-12-19T13:00:00',
          recurrence_rule: null,
        })
      ).status,
    ).toBe(201);
  });

  it('moving an occurrence onto another block is refused; moving it within its own slot is not', async () => {
    expect(
      (
        await create({
          title: 'Friday',
          start_datetime: '2026-12-11T09:00:00',
          end_datetime: '2026-12-11T12:00:00',
          recurrence_rule: null,
        })
      ).status,
    ).toBe(201);
    const view = await server.request('GET', instancesPath(sp, '2026-12-07', '2026-12-13'));
    const saturday = (view.body.instances as Array<{ id: number; title: string }>).find(
      (i) => i.title === 'Saturday clinic',
    );
    const clash = await server.request('PATCH', `/specialist/${sp}/instances/${saturday?.id}`, {
      start_datetime: '2026-12-11T10:00:00',
    });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details.conflicts[0]).toMatchObject({
      start_datetime: '2026-12-11T09:00:00+01:00',
    });
    const nudge = await server.request('PATCH', `/specialist/${sp}/instances/${saturday?.id}`, {
      start_datetime: '2026-12-12T09:30:00',
    });
    expect(nudge.status).toBe(200);
  });

  it('a series edit onto another series is refused and changes nothing', async () => {
    const other = await create({
      title: 'Sunday',
      start_datetime: '2026-12-06T09:00:00',
      end_datetime: '2026-12-06T12:00:00',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=SU',
    });
    const res = await server.request('PATCH', `/specialist/${sp}/schedules/${other.body.id}`, {
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA,SU',
    });
    expect(res.status).toBe(409);
    expect(
      (await server.request('GET', `/specialist/${sp}/schedules/${other.body.id}`)).body
        .recurrence_rule,
    ).toBe('FREQ=WEEKLY;BYDAY=SU');
    const split = await server.request(
      'PATCH',
      `/specialist/${sp}/schedules/1?scope=following&from=2026-12-19`,
      { start_datetime: '2026-12-20T10:00:00', end_datetime: '2026-12-20T11:00:00' },
    );
    expect(split.status).toBe(409);
    // Its own later occurrences are being replaced, so they are no conflict.
    const ownSlot = await server.request(
      'PATCH',
      `/specialist/${sp}/schedules/1?scope=following&from=2026-12-19`,
      { start_datetime: '2026-12-19T10:00:00', end_datetime: '2026-12-19T18:00:00' },
    );
    expect(ownSlot.status).toBe(200);
  });
});
