import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import {
  countRows,
  createSchedule,
  createSpecialist,
  instancesPath,
  SATURDAY_CLINIC,
} from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe.each(DIALECTS)('lazy materialization on %s', (dialect) => {
  let server: TestServer;
  let sp: number;
  beforeEach(async () => {
    server = await startTestServer(dialect);
    sp = await createSpecialist(server);
  });
  afterEach(async () => server.close());

  it('creating a schedule writes exactly one row and no instance', async () => {
    const before = await countRows(server);
    const res = await server.request('POST', `/specialist/${sp}/schedules`, SATURDAY_CLINIC);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      specialist_id: sp,
      title: 'Saturday clinic',
      is_recurring: true,
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA',
      timezone: 'Europe/Berlin',
      start_datetime: '2026-12-05T09:00:00+01:00',
      end_datetime: '2026-12-05T17:00:00+01:00',
      is_active: true,
    });
    expect(typeof res.body.recurring_event_id).toBe('string');
    const after = await countRows(server);
    expect(after.schedules - before.schedules).toBe(1);
    expect(after.instances).toBe(0);
  });

  it('a first view creates exactly the occurrences in the window; a revisit creates none and returns the same ids', async () => {
    await createSchedule(server, sp);
    const first = await server.request('GET', instancesPath(sp, '2026-12-07', '2026-12-27'));
    expect(first.status).toBe(200);
    expect(first.headers.get('x-instances-created')).toBe('3');
    expect(first.body.instances.map((i: { start_datetime: string }) => i.start_datetime)).toEqual([
      '2026-12-12T09:00:00+01:00',
      '2026-12-19T09:00:00+01:00',
      '2026-12-26T09:00:00+01:00',
    ]);
    expect(first.body).toMatchObject({
      specialist_id: sp,
      timezone: 'Europe/Berlin',
      start_date: '2026-12-07',
      end_date: '2026-12-27',
    });
    expect(first.body.instances[0]).toMatchObject({
      is_recurring: false,
      title: 'Saturday clinic',
      end_datetime: '2026-12-12T17:00:00+01:00',
      original_start_datetime: '2026-12-12T09:00:00+01:00',
      status: 'confirmed',
      is_exception: false,
    });
    expect((await countRows(server)).instances).toBe(3);

    const again = await server.request('GET', instancesPath(sp, '2026-12-07', '2026-12-27'));
    expect(again.headers.get('x-instances-created')).toBe('0');
    expect(again.body.instances.map((i: { id: number }) => i.id)).toEqual(
      first.body.instances.map((i: { id: number }) => i.id),
    );
    expect((await countRows(server)).instances).toBe(3);
  });

  it('a window inside an already materialized one creates nothing; a wider one only the missing rows', async () => {
    await createSchedule(server, sp);
    await server.request('GET', instancesPath(sp, '2026-12-07', '2026-12-20'));
    const inner = await server.request('GET', instancesPath(sp, '2026-12-14', '2026-12-20'));
    expect(inner.headers.get('x-instances-created')).toBe('0');
    expect(inner.body.instances).toHaveLength(1);
    const wider = await server.request('GET', instancesPath(sp, '2026-12-07', '2027-01-03'));
    expect(wider.headers.get('x-instances-created')).toBe('2');
    expect(wider.body.instances).toHaveLength(4);
  });

  it('a new schedule is materialized in a window already viewed for the others', async () => {
    await createSchedule(server, sp);
    await server.request('GET', instancesPath(sp, '2026-12-07', '2026-12-13'));
    await createSchedule(server, sp, {
      ...SATURDAY_CLINIC,
      title: 'Sunday',
      start_datetime: '2026-12-06T10:00:00',
      end_datetime: '2026-12-06T12:00:00',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=SU',
    });
    const res = await server.request('GET', instancesPath(sp, '2026-12-07', '2026-12-13'));
    expect(res.headers.get('x-instances-created')).toBe('1');
    expect(res.body.instances.map((i: { title: string }) => i.title)).toEqual([
      'Saturday clinic',
      'Sunday',
    ]);
  });

  it('defaults to the current week, Monday to Sunday, in the specialist zone', async () => {
    await createSchedule(server, sp);
    const res = await server.request('GET', instancesPath(sp));
    // "Now" is Wednesday 2 December 2026.
    expect(res.body).toMatchObject({ start_date: '2026-11-30', end_date: '2026-12-06' });
    expect(res.body.instances).toHaveLength(1);
  });

  it('takes seven days from start_date alone, and the seven days ending on end_date alone', async () => {
    expect((await server.request('GET', instancesPath(sp, '2026-12-10'))).body).toMatchObject({
      start_date: '2026-12-10',
      end_date: '2026-12-16',
    });
    expect(
      (await server.request('GET', instancesPath(sp, undefined, '2026-12-10'))).body,
    ).toMatchObject({ start_date: '2026-12-04', end_date: '2026-12-10' });
  });

  it('returns one-off events, sorted by start with the series', async () => {
    await createSchedule(server, sp);
    const oneOff = await server.request('POST', `/specialist/${sp}/schedules`, {
      title: 'Talk',
      start_datetime: '2026-12-10T14:00:00',
      end_datetime: '2026-12-10T15:00:00',
    });
    expect(oneOff.status).toBe(201);
    expect(oneOff.body).toMatchObject({ is_recurring: false, recurrence_rule: null });
    const res = await server.request('GET', instancesPath(sp, '2026-12-07', '2026-12-13'));
    expect(res.body.instances.map((i: { title: string }) => i.title)).toEqual([
      'Talk',
      'Saturday clinic',
    ]);
  });

  it('honours UNTIL, COUNT and exdates, and generates nothing before the start', async () => {
    await createSchedule(server, sp, {
      ...SATURDAY_CLINIC,
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=2',
    });
    await createSchedule(server, sp, {
      ...SATURDAY_CLINIC,
      title: 'Until',
      start_datetime: '2026-12-06T09:00:00',
      end_datetime: '2026-12-06T10:00:00',
      recurrence_rule: { freq: 'WEEKLY', byweekday: [6], until: '2026-12-13' },
    });
    await createSchedule(server, sp, {
      ...SATURDAY_CLINIC,
      title: 'Ex',
      start_datetime: '2026-12-07T09:00:00',
      end_datetime: '2026-12-07T10:00:00',
      recurrence_rule: 'FREQ=WEEKLY',
      exdates: ['2026-12-14T09:00:00'],
    });
    const before = await server.request('GET', instancesPath(sp, '2026-11-23', '2026-11-29'));
    expect(before.body.instances).toEqual([]);
    const res = await server.request('GET', instancesPath(sp, '2026-11-30', '2026-12-27'));
    const got = res.body.instances.map(
      (i: { title: string; start_datetime: string }) =>
        `${i.title} ${i.start_datetime.slice(0, 10)}`,
    );
    expect(got).toEqual([
      'Saturday clinic 2026-12-05',
      'Until 2026-12-06',
      'Ex 2026-12-07',
      'Saturday clinic 2026-12-12',
      'Until 2026-12-13',
      'Ex 2026-12-21',
    ]);
  });

  it('materializes past windows too', async () => {
    await createSchedule(server, sp, {
      ...SATURDAY_CLINIC,
      start_datetime: '2025-01-04T09:00:00',
      end_datetime: '2025-01-04T17:00:00',
    });
    const res = await server.request('GET', instancesPath(sp, '2025-06-02', '2025-06-08'));
    expect(res.headers.get('x-instances-created')).toBe('1');
    expect(res.body.instances[0].start_datetime).toBe('2025-06-07T09:00:00+02:00');
  });

  it('shows DST weeks at their local times', async () => {
    await createSchedule(server, sp, {
      ...SATURDAY_CLINIC,
      start_datetime: '2026-03-21T09:00:00',
      end_datetime: '2026-03-21T17:00:00',
    });
    const res = await server.request('GET', instancesPath(sp, '2026-03-23', '2026-04-05'));
    expect(
      res.body.instances.map((i: { start_datetime: string; end_datetime: string }) => [
        i.start_datetime,
        i.end_datetime,
      ]),
    ).toEqual([
      ['2026-03-28T09:00:00+01:00', '2026-03-28T17:00:00+01:00'],
      ['2026-04-04T09:00:00+02:00', '2026-04-04T17:00:00+02:00'],
    ]);
  });

  it('a soft-deleted series generates nothing new and loses its unedited future rows, keeping the past', async () => {
    const sid = await createSchedule(server, sp, {
      ...SATURDAY_CLINIC,
      start_datetime: '2026-11-07T09:00:00',
      end_datetime: '2026-11-07T17:00:00',
    });
    await server.request('GET', instancesPath(sp, '2026-11-02', '2026-12-13'));
    expect((await countRows(server)).instances).toBe(6);
    const del = await server.request('DELETE', `/specialist/${sp}/schedules/${sid}`);
    expect(del.status).toBe(204);
    // "Now" is 2 December: 7, 14, 21, 28 November stay as history; 5 and 12 December go.
    expect((await countRows(server)).instances).toBe(4);
    const later = await server.request('GET', instancesPath(sp, '2026-12-14', '2027-01-31'));
    expect(later.body.instances).toEqual([]);
    expect(later.headers.get('x-instances-created')).toBe('0');
    const listed = await server.request('GET', `/specialist/${sp}/schedules`);
    expect(listed.body.schedules).toEqual([]);
    const all = await server.request('GET', `/specialist/${sp}/schedules?include_inactive=true`);
    expect(all.body.schedules).toHaveLength(1);
    expect(all.body.schedules[0].is_active).toBe(false);
  });

  it('delete with ?from= ends the series before that date ("this and following")', async () => {
    const sid = await createSchedule(server, sp);
    await server.request('GET', instancesPath(sp, '2026-12-07', '2027-01-03'));
    const del = await server.request(
      'DELETE',
      `/specialist/${sp}/schedules/${sid}?from=2026-12-20`,
    );
    expect(del.status).toBe(204);
    const res = await server.request('GET', instancesPath(sp, '2026-12-07', '2027-01-31'));
    expect(
      res.body.instances.map((i: { start_datetime: string }) => i.start_datetime.slice(0, 10)),
    ).toEqual(['2026-12-12', '2026-12-19']);
    const schedule = await server.request('GET', `/specialist/${sp}/schedules/${sid}`);
    expect(schedule.body.recurrence_rule).toBe('FREQ=WEEKLY;UNTIL=20261219T225959Z;BYDAY=SA');
    expect(schedule.body.is_active).toBe(true);
  });

  it('answers 404 for unknown specialists, schedules and routes', async () => {
    for (const path of [
      '/specialist/999',
      '/specialist/999/calendar-instances',
      '/specialist/999/schedules',
      `/specialist/${sp}/schedules/999`,
      '/nope',
    ]) {
      const res = await server.request('GET', path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it('lists and reads specialists and schedules', async () => {
    const sid = await createSchedule(server, sp);
    expect((await server.request('GET', '/specialist')).body.specialists).toHaveLength(1);
    expect((await server.request('GET', `/specialist/${sp}`)).body).toMatchObject({
      id: sp,
      name: 'Dr. Rivera',
      timezone: 'Europe/Berlin',
    });
    expect((await server.request('GET', `/specialist/${sp}/schedules/${sid}`)).body.id).toBe(sid);
    expect(
      (await server.request('GET', `/specialist/${sp}/schedules`)).body.schedules,
    ).toHaveLength(1);
  });

  it('exposes health and the four named metrics', async () => {
    await createSchedule(server, sp);
    await server.request('GET', instancesPath(sp, '2026-12-07', '2026-12-13'));
    await server.request('GET', instancesPath(sp, '2026-12-07', '2026-12-13'));
    expect((await server.request('GET', '/health')).body).toEqual({ status: 'ok' });
    const text = (await server.request('GET', '/metrics')).body as string;
    expect(text).toMatch(/^recurra_instances_created_total 1$/m);
    expect(text).toMatch(/^recurra_range_requests_total\{cache="hit"\} 1$/m);
    expect(text).toMatch(/^recurra_range_requests_total\{cache="miss"\} 1$/m);
    expect(text).toMatch(
      /^recurra_http_request_duration_seconds_count\{route="\/specialist\/:id\/calendar-instances",method="GET",status="200"\} 2$/m,
    );
    expect(text).toMatch(/^recurra_rows\{kind="template"\} 1$/m);
    expect(text).toMatch(/^recurra_rows\{kind="instance"\} 1$/m);
  });
});
