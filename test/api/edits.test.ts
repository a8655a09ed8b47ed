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

interface Inst {
  id: number;
  schedule_id: number;
  title: string;
  start_datetime: string;
  end_datetime: string;
  original_start_datetime: string;
  status: string;
  is_exception: boolean;
}

describe.each(DIALECTS)('single-occurrence and series edits on %s', (dialect) => {
  let server: TestServer;
  let sp: number;
  let sid: number;
  const view = async (start: string, end: string, extra = '') => {
    const res = await server.request('GET', instancesPath(sp, start, end, extra));
    expect(res.status).toBe(200);
    return {
      created: Number(res.headers.get('x-instances-created')),
      instances: res.body.instances as Inst[],
    };
  };
  const starts = (list: Inst[]) => list.map((i) => `${i.title} ${i.start_datetime}`);

  beforeEach(async () => {
    server = await startTestServer(dialect);
    sp = await createSpecialist(server);
    sid = await createSchedule(server, sp);
  });
  afterEach(async () => server.close());

  it('PATCH an occurrence: it becomes an exception, may move to another day, and is never recreated at its slot', async () => {
    const { instances } = await view('2026-12-07', '2026-12-20');
    const target = instances[0] as Inst;
    const res = await server.request('PATCH', `/specialist/${sp}/instances/${target.id}`, {
      title: 'Moved clinic',
      start_datetime: '2026-12-10T13:00:00',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: target.id,
      title: 'Moved clinic',
      start_datetime: '2026-12-10T13:00:00+01:00',
      end_datetime: '2026-12-10T21:00:00+01:00',
      original_start_datetime: '2026-12-12T09:00:00+01:00',
      is_exception: true,
    });
    const again = await view('2026-12-07', '2026-12-20');
    expect(again.created).toBe(0);
    expect(starts(again.instances)).toEqual([
      'Moved clinic 2026-12-10T13:00:00+01:00',
      'Saturday clinic 2026-12-19T09:00:00+01:00',
    ]);
    // A wider first view around it still does not bring the 12th back.
    const wider = await view('2026-12-01', '2026-12-31');
    expect(wider.instances.filter((i) => i.start_datetime.startsWith('2026-12-12'))).toEqual([]);
  });

  it('DELETE an occurrence: a tombstone hidden by default, listed with include_cancelled, never regenerated', async () => {
    const { instances } = await view('2026-12-07', '2026-12-20');
    const target = instances[1] as Inst;
    expect(
      (await server.request('DELETE', `/specialist/${sp}/instances/${target.id}`)).status,
    ).toBe(204);
    expect(
      (await server.request('DELETE', `/specialist/${sp}/instances/${target.id}`)).status,
    ).toBe(204);
    expect(starts((await view('2026-12-07', '2026-12-20')).instances)).toEqual([
      'Saturday clinic 2026-12-12T09:00:00+01:00',
    ]);
    const withCancelled = await view('2026-12-01', '2026-12-31', '&include_cancelled=true');
    expect(withCancelled.instances.find((i) => i.id === target.id)).toMatchObject({
      status: 'cancelled',
    });
    expect(
      withCancelled.instances.filter(
        (i) => i.original_start_datetime === target.original_start_datetime,
      ),
    ).toHaveLength(1);
    const edit = await server.request('PATCH', `/specialist/${sp}/instances/${target.id}`, {
      title: 'x',
    });
    expect(edit.status).toBe(400);
  });

  it('cancels an occurrence that was never materialized through exdates, and removes a materialized one', async () => {
    await view('2026-12-07', '2026-12-13');
    const res = await server.request('PATCH', `/specialist/${sp}/schedules/${sid}`, {
      exdates: ['2026-12-12T09:00:00', '2027-01-02T09:00:00'],
    });
    expect(res.status).toBe(200);
    expect(res.body.exdates).toEqual(['2026-12-12T09:00:00+01:00', '2027-01-02T09:00:00+01:00']);
    expect((await view('2026-12-07', '2026-12-13')).instances).toEqual([]);
    expect(starts((await view('2026-12-28', '2027-01-10')).instances)).toEqual([
      'Saturday clinic 2027-01-09T09:00:00+01:00',
    ]);
  });

  it('scope=all: materialized plain rows follow the new time in the same transaction; edits and cancellations are kept', async () => {
    const { instances } = await view('2026-12-07', '2027-01-03');
    const [first, second, third] = instances as [Inst, Inst, Inst, Inst];
    await server.request('PATCH', `/specialist/${sp}/instances/${first.id}`, {
      start_datetime: '2026-12-11T09:00:00',
    });
    await server.request('DELETE', `/specialist/${sp}/instances/${second.id}`);
    const res = await server.request('PATCH', `/specialist/${sp}/schedules/${sid}?scope=all`, {
      title: 'Late clinic',
      start_datetime: '2026-12-05T12:00:00',
      end_datetime: '2026-12-05T18:00:00',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      title: 'Late clinic',
      start_datetime: '2026-12-05T12:00:00+01:00',
      end_datetime: '2026-12-05T18:00:00+01:00',
    });
    const after = await view('2026-12-07', '2027-01-03');
    // The window was remembered as materialized; it stays right without regenerating on view.
    expect(after.created).toBe(0);
    expect(starts(after.instances)).toEqual([
      'Late clinic 2026-12-11T09:00:00+01:00',
      'Late clinic 2026-12-26T12:00:00+01:00',
      'Late clinic 2027-01-02T12:00:00+01:00',
    ]);
    expect(after.instances[0]).toMatchObject({
      id: first.id,
      is_exception: true,
      end_datetime: '2026-12-11T17:00:00+01:00',
    });
    expect(after.instances.some((i) => i.id === third.id)).toBe(false);
    const cancelled = await view('2026-12-07', '2027-01-03', '&include_cancelled=true');
    expect(cancelled.instances.find((i) => i.id === second.id)).toMatchObject({
      status: 'cancelled',
    });
  });

  it('scope=all with only a title keeps every row id and changes the shown title', async () => {
    const before = await view('2026-12-07', '2026-12-20');
    await server.request('PATCH', `/specialist/${sp}/schedules/${sid}`, { title: 'Renamed' });
    const after = await view('2026-12-07', '2026-12-20');
    expect(after.instances.map((i) => i.id)).toEqual(before.instances.map((i) => i.id));
    expect(after.instances.map((i) => i.title)).toEqual(['Renamed', 'Renamed']);
  });

  it('edit all after cancelling one occurrence, then change the rule: nothing stale, no duplicates', async () => {
    const { instances } = await view('2026-12-07', '2026-12-20');
    await server.request('DELETE', `/specialist/${sp}/instances/${(instances[0] as Inst).id}`);
    const res = await server.request('PATCH', `/specialist/${sp}/schedules/${sid}`, {
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA,SU',
    });
    expect(res.status).toBe(200);
    const after = await view('2026-12-07', '2026-12-20');
    expect(starts(after.instances)).toEqual([
      'Saturday clinic 2026-12-13T09:00:00+01:00',
      'Saturday clinic 2026-12-19T09:00:00+01:00',
      'Saturday clinic 2026-12-20T09:00:00+01:00',
    ]);
  });

  it('scope=following splits the series; weeks on both sides of the split are right', async () => {
    await view('2026-12-07', '2027-01-10');
    const res = await server.request(
      'PATCH',
      `/specialist/${sp}/schedules/${sid}?scope=following&from=2026-12-26`,
      {
        start_datetime: '2026-12-26T10:00:00',
        end_datetime: '2026-12-26T14:00:00',
        title: 'Short clinic',
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.previous).toMatchObject({
      id: sid,
      recurrence_rule: 'FREQ=WEEKLY;UNTIL=20261225T225959Z;BYDAY=SA',
    });
    expect(res.body.schedule).toMatchObject({
      title: 'Short clinic',
      start_datetime: '2026-12-26T10:00:00+01:00',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA',
    });
    expect(res.body.schedule.id).not.toBe(sid);
    expect(res.body.schedule.recurring_event_id).not.toBe(res.body.previous.recurring_event_id);
    const both = await view('2026-12-07', '2027-01-10');
    expect(starts(both.instances)).toEqual([
      'Saturday clinic 2026-12-12T09:00:00+01:00',
      'Saturday clinic 2026-12-19T09:00:00+01:00',
      'Short clinic 2026-12-26T10:00:00+01:00',
      'Short clinic 2027-01-02T10:00:00+01:00',
      'Short clinic 2027-01-09T10:00:00+01:00',
    ]);
    expect(both.created).toBe(0);
    const later = await view('2027-01-11', '2027-01-17');
    expect(starts(later.instances)).toEqual(['Short clinic 2027-01-16T10:00:00+01:00']);
    const list = await server.request('GET', `/specialist/${sp}/schedules`);
    expect(list.body.schedules).toHaveLength(2);
  });

  it('scope=following keeps a COUNT: the new series gets what was left of it', async () => {
    const counted = await createSchedule(server, sp, {
      ...SATURDAY_CLINIC,
      title: 'Five',
      start_datetime: '2026-12-07T08:00:00',
      end_datetime: '2026-12-07T09:00:00',
      recurrence_rule: 'FREQ=WEEKLY;COUNT=5',
    });
    const res = await server.request(
      'PATCH',
      `/specialist/${sp}/schedules/${counted}?scope=following&from=2026-12-21`,
      { title: 'Rest' },
    );
    expect(res.status).toBe(200);
    expect(res.body.schedule).toMatchObject({
      recurrence_rule: 'FREQ=WEEKLY;COUNT=3',
      start_datetime: '2026-12-21T08:00:00+01:00',
    });
    const all = await view('2026-12-07', '2027-01-31');
    expect(
      all.instances
        .filter((i) => i.title === 'Five' || i.title === 'Rest')
        .map((i) => `${i.title} ${i.start_datetime.slice(0, 10)}`),
    ).toEqual([
      'Five 2026-12-07',
      'Five 2026-12-14',
      'Rest 2026-12-21',
      'Rest 2026-12-28',
      'Rest 2027-01-04',
    ]);
  });

  it('a moved occurrence after the split point follows into the new series and is not duplicated', async () => {
    const { instances } = await view('2026-12-21', '2027-01-03');
    const moved = instances[0] as Inst; // 26 December
    await server.request('PATCH', `/specialist/${sp}/instances/${moved.id}`, {
      start_datetime: '2026-12-27T09:00:00',
    });
    const res = await server.request(
      'PATCH',
      `/specialist/${sp}/schedules/${sid}?scope=following&from=2026-12-20`,
      { title: 'New' },
    );
    expect(res.status).toBe(200);
    const after = await view('2026-12-21', '2027-01-03');
    expect(starts(after.instances)).toEqual([
      'New 2026-12-27T09:00:00+01:00',
      'New 2027-01-02T09:00:00+01:00',
    ]);
    expect(after.instances[0]).toMatchObject({
      id: moved.id,
      schedule_id: res.body.schedule.id,
      is_exception: true,
    });
  });

  it('edits across a DST change keep local wall times, a gap time moves forward', async () => {
    const dst = await createSchedule(server, sp, {
      ...SATURDAY_CLINIC,
      title: 'Night',
      start_datetime: '2026-03-21T01:00:00',
      end_datetime: '2026-03-21T03:00:00',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=SU,SA',
    });
    await view('2026-03-16', '2026-04-05');
    const res = await server.request('PATCH', `/specialist/${sp}/schedules/${dst}`, {
      start_datetime: '2026-03-21T02:30:00',
      end_datetime: '2026-03-21T03:30:00',
    });
    expect(res.status).toBe(200);
    const after = await view('2026-03-28', '2026-03-30');
    expect(after.instances.map((i) => [i.start_datetime, i.end_datetime])).toEqual([
      ['2026-03-28T02:30:00+01:00', '2026-03-28T03:30:00+01:00'],
      ['2026-03-29T03:30:00+02:00', '2026-03-29T04:30:00+02:00'],
    ]);
  });

  it('rejects bad edits with 4xx and writes nothing', async () => {
    const { instances } = await view('2026-12-07', '2026-12-13');
    const before = await countRows(server);
    const cases: Array<[string, string, unknown, number]> = [
      ['PATCH', `/specialist/${sp}/schedules/${sid}`, {}, 400],
      ['PATCH', `/specialist/${sp}/schedules/${sid}`, { recurrence_rule: 'FREQ=NOPE' }, 400],
      ['PATCH', `/specialist/${sp}/schedules/${sid}?scope=following`, { title: 'x' }, 400],
      ['PATCH', `/specialist/${sp}/schedules/${sid}?scope=sometimes`, { title: 'x' }, 400],
      [
        'PATCH',
        `/specialist/${sp}/schedules/${sid}?scope=following&from=2026-12-06`,
        { start_datetime: '2026-12-01T09:00:00' },
        400,
      ],
      ['PATCH', `/specialist/${sp}/schedules/999`, { title: 'x' }, 404],
      [
        'PATCH',
        `/specialist/${sp}/instances/${(instances[0] as Inst).id}`,
        { end_datetime: '2026-12-12T08:00:00' },
        400,
      ],
      ['PATCH', `/specialist/${sp}/instances/${(instances[0] as Inst).id}`, { colour: 'red' }, 400],
      ['PATCH', `/specialist/${sp}/instances/999999`, { title: 'x' }, 404],
      ['DELETE', `/specialist/${sp}/instances/999999`, undefined, 404],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await server.request(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(res.body)}`).toBe(status);
      expect(typeof res.body.error.code).toBe('string');
    }
    expect(await countRows(server)).toEqual(before);
    const schedule = await server.request('GET', `/specialist/${sp}/schedules/${sid}`);
    expect(schedule.body.recurrence_rule).toBe('FREQ=WEEKLY;BYDAY=SA');
  });
});
