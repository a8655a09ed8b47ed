import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { createSpecialist } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { addBusyCalendar, dailyAvailability, missingSlots } from './support/busy-api.ts';
import { calendar, startFeedServer, type FeedServer } from './support/feed-server.ts';
import { WORK_CALENDAR, WORK_CALENDAR_EVENTS } from './support/work-calendar.ts';

/**
 * A fetched external calendar blocks exactly its events' times in slots (`busy_elsewhere` when
 * booked) and shows them as busy in free/busy: recurring events placed by their VTIMEZONEs
 * (Berlin, New York), an EXDATE, a moved and a cancelled RECURRENCE-ID, and the weeks of 2027
 * when the two zones change clocks on different Sundays. "Now" is 2 December 2026, 10:00 UTC; the
 * feed is served by a real HTTP server on 127.0.0.1.
 */
describe.each(DIALECTS)('busy time from an external calendar on %s', (dialect) => {
  let feeds: FeedServer;
  let server: TestServer;
  let sp: number;
  let service: number;

  beforeAll(async () => {
    feeds = await startFeedServer();
    feeds.answer('/work.ics', calendar(WORK_CALENDAR));
  });
  afterAll(async () => feeds.close());
  beforeEach(async () => {
    server = await startTestServer(dialect, { limits: { allowPrivateTargets: true } });
    sp = await createSpecialist(server, 'Europe/Berlin');
    service = await dailyAvailability(server, sp);
  });
  afterEach(async () => server.close());

  const book = (start: string) =>
    server.request('POST', `/specialist/${sp}/bookings`, {
      service_id: service,
      start_datetime: start,
      client: { name: 'Ada Lovelace', email: 'ada@example.org' },
    });
  const busy = async (timeMin: string, timeMax: string) => {
    const res = await server.request('POST', '/free-busy', {
      specialist_ids: [sp],
      time_min: timeMin,
      time_max: timeMax,
    });
    expect(res.status).toBe(200);
    return (res.body.specialists[String(sp)].busy as Array<{ start: string; end: string }>).map(
      (b) => `${b.start}/${b.end}`,
    );
  };

  it('blocks exactly the times of recurring events, less the EXDATE, with the override moved', async () => {
    const added = await addBusyCalendar(server, sp, feeds.url('/work.ics'));
    // Nothing blocks before the first fetch, and no request path fetches.
    expect(await missingSlots(server, sp, service, '2026-12-07', '2026-12-27')).toEqual([]);
    const [done] = await server.ctx.busyCalendars.refreshDue();
    expect(done?.result).toBe('ok');
    const shown = await server.request('GET', `/specialist/${sp}/busy-calendars/${added.id}`);
    expect(shown.body).toEqual({
      id: added.id,
      url: feeds.url('/work.ics'),
      name: 'Work',
      last_fetched_at: '2026-12-02T11:00:00+01:00',
      last_status: 'ok',
      events: WORK_CALENDAR_EVENTS,
    });

    expect(await missingSlots(server, sp, service, '2026-12-07', '2026-12-27')).toEqual([
      // Tuesday stand-up, 10:00–11:00 Berlin.
      '2026-12-08T10:00',
      '2026-12-08T10:30',
      // Thursday New York call, 09:00–10:00 EST = 15:00–16:00 Berlin.
      '2026-12-10T15:00',
      '2026-12-10T15:30',
      // 15 December: EXDATE. 17 December: the call's override is cancelled.
      // 22 December: the stand-up moved to 14:00–15:00.
      '2026-12-22T14:00',
      '2026-12-22T14:30',
      '2026-12-24T15:00',
      '2026-12-24T15:30',
    ]);
    expect(await busy('2026-12-07T00:00:00+01:00', '2026-12-28T00:00:00+01:00')).toEqual([
      '2026-12-08T10:00:00+01:00/2026-12-08T11:00:00+01:00',
      '2026-12-10T15:00:00+01:00/2026-12-10T16:00:00+01:00',
      '2026-12-22T14:00:00+01:00/2026-12-22T15:00:00+01:00',
      '2026-12-24T15:00:00+01:00/2026-12-24T16:00:00+01:00',
    ]);

    const refused = await book('2026-12-08T10:00');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('slot_unavailable');
    expect(refused.body.error.details.reason).toBe('busy_elsewhere');
    expect((await book('2026-12-22T14:30')).body.error.details.reason).toBe('busy_elsewhere');
    // Right next to busy time, and where the EXDATE and the cancelled override were: free.
    expect((await book('2026-12-08T09:30')).status).toBe(201);
    expect((await book('2026-12-08T11:00')).status).toBe(201);
    expect((await book('2026-12-15T10:00')).status).toBe(201);
    expect((await book('2026-12-17T15:00')).status).toBe(201);
  });

  it('places each event in its own zone across the weeks when the clocks change (New York on 14 March 2027, Berlin on 28 March)', async () => {
    await addBusyCalendar(server, sp, feeds.url('/work.ics'));
    await server.ctx.busyCalendars.refreshDue();
    expect(await missingSlots(server, sp, service, '2027-03-08', '2027-04-04')).toEqual([
      '2027-03-09T10:00',
      '2027-03-09T10:30',
      // Both on winter time: 09:00 EST = 15:00 CET.
      '2027-03-11T15:00',
      '2027-03-11T15:30',
      '2027-03-16T10:00',
      '2027-03-16T10:30',
      // New York on summer time, Berlin not yet: 09:00 EDT = 14:00 CET.
      '2027-03-18T14:00',
      '2027-03-18T14:30',
      '2027-03-23T10:00',
      '2027-03-23T10:30',
      '2027-03-25T14:00',
      '2027-03-25T14:30',
      // Both on summer time: the stand-up stays at 10:00 local, the call is back at 15:00.
      '2027-03-30T10:00',
      '2027-03-30T10:30',
      '2027-04-01T15:00',
      '2027-04-01T15:30',
    ]);
    expect(await busy('2027-03-08T00:00:00+01:00', '2027-04-05T00:00:00+02:00')).toEqual([
      '2027-03-09T10:00:00+01:00/2027-03-09T11:00:00+01:00',
      '2027-03-11T15:00:00+01:00/2027-03-11T16:00:00+01:00',
      '2027-03-16T10:00:00+01:00/2027-03-16T11:00:00+01:00',
      '2027-03-18T14:00:00+01:00/2027-03-18T15:00:00+01:00',
      '2027-03-23T10:00:00+01:00/2027-03-23T11:00:00+01:00',
      '2027-03-25T14:00:00+01:00/2027-03-25T15:00:00+01:00',
      '2027-03-30T10:00:00+02:00/2027-03-30T11:00:00+02:00',
      '2027-04-01T15:00:00+02:00/2027-04-01T16:00:00+02:00',
    ]);
    expect((await book('2027-03-18T14:00')).body.error.details.reason).toBe('busy_elsewhere');
    expect((await book('2027-03-18T15:00')).status).toBe(201);
    expect((await book('2027-03-30T10:30')).body.error.details.reason).toBe('busy_elsewhere');
  });

  it('does not block with TRANSP:TRANSPARENT or STATUS:CANCELLED events', async () => {
    await addBusyCalendar(server, sp, feeds.url('/work.ics'));
    await server.ctx.busyCalendars.refreshDue();
    // Wednesday 9 December: 10:00 marked free, 14:00 cancelled.
    expect(await missingSlots(server, sp, service, '2026-12-09', '2026-12-09')).toEqual([]);
    expect(await busy('2026-12-09T00:00:00+01:00', '2026-12-10T00:00:00+01:00')).toEqual([]);
    expect((await book('2026-12-09T10:00')).status).toBe(201);
    expect((await book('2026-12-09T14:00')).status).toBe(201);
  });

  it('changes the slots ETag when busy time arrives or goes, and deleting a calendar frees its time', async () => {
    const week = `/specialist/${sp}/slots?service_id=${service}&start_date=2026-12-07&end_date=2026-12-13`;
    const etag = (await server.request('GET', week)).headers.get('etag') ?? '';
    expect((await server.request('GET', week, undefined, { 'if-none-match': etag })).status).toBe(
      304,
    );
    const added = await addBusyCalendar(server, sp, feeds.url('/work.ics'));
    await server.ctx.busyCalendars.refreshDue();
    const fetched = await server.request('GET', week, undefined, { 'if-none-match': etag });
    expect(fetched.status).toBe(200);
    expect(await missingSlots(server, sp, service, '2026-12-07', '2026-12-13')).toHaveLength(4);

    const etagWithBusy = fetched.headers.get('etag') ?? '';
    const gone = await server.request('DELETE', `/specialist/${sp}/busy-calendars/${added.id}`);
    expect(gone.status).toBe(204);
    expect(
      (await server.request('GET', week, undefined, { 'if-none-match': etagWithBusy })).status,
    ).toBe(200);
    expect(await missingSlots(server, sp, service, '2026-12-07', '2026-12-13')).toEqual([]);
    const rows = await server.db.storage.db
      .selectFrom('busy_intervals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(rows.n)).toBe(0);
  });
});
