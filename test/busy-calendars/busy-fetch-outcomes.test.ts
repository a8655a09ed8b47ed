import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContext } from '../../src/context.ts';
import { MINUTE_MS } from '../../src/domain/time/durations.ts';
import { ics } from '../busy-time/support/ics-builder.ts';
import { DIALECTS } from '../support/databases.ts';
import { createSpecialist } from '../support/fixtures.ts';
import { ManualClock, NOW, startTestServer, type TestServer } from '../support/test-server.ts';
import { addBusyCalendar, dailyAvailability, missingSlots } from './support/busy-api.ts';
import {
  calendar,
  hugeCalendar,
  redirect,
  startFeedServer,
  status,
  type FeedAnswer,
  type FeedServer,
} from './support/feed-server.ts';
import { WORK_CALENDAR, WORK_CALENDAR_EVENTS } from './support/work-calendar.ts';

/** What the work calendar blocks in the week of 7 December 2026 (see work-calendar.ts). */
const WORK_WEEK_BLOCKED = [
  '2026-12-08T10:00',
  '2026-12-08T10:30',
  '2026-12-10T15:00',
  '2026-12-10T15:30',
];
const ETAG = '"work-v1"';
const LAST_MODIFIED = 'Tue, 01 Dec 2026 08:00:00 GMT';
const MB = 1024 * 1024;
/** A meeting every minute for ever: over the expansion limit. */
const RUNAWAY_RULE = ics([
  [
    'UID:runaway@example.org',
    'DTSTART:20261201T000000Z',
    'DTEND:20261201T000100Z',
    'RRULE:FREQ=MINUTELY',
  ],
]);

/**
 * How each fetch ends, and what it keeps: a 304 keeps the data, every failure (an HTTP error, a
 * malformed body, a feed over 5 MB, an address no longer allowed) keeps the last good data and
 * says why in `last_status`. The clock starts at 2 December 2026, 10:00 UTC and is moved by hand
 * past `RECURRA_BUSY_REFRESH_MINUTES` (15) between rounds.
 */
describe.each(DIALECTS)('busy-calendar fetches on %s', (dialect) => {
  let feeds: FeedServer;
  let server: TestServer;
  let clock: ManualClock;
  let sp: number;
  let service: number;
  let calendarId: number;

  beforeAll(async () => {
    feeds = await startFeedServer();
  });
  afterAll(async () => feeds.close());
  beforeEach(async () => {
    feeds.requests.length = 0;
    feeds.answer(
      `/${dialect}/work.ics`,
      calendar(WORK_CALENDAR, { etag: ETAG, lastModified: LAST_MODIFIED }),
    );
    clock = new ManualClock(NOW);
    server = await startTestServer(dialect, { clock, limits: { allowPrivateTargets: true } });
    sp = await createSpecialist(server, 'Europe/Berlin');
    service = await dailyAvailability(server, sp);
    calendarId = (await addBusyCalendar(server, sp, feeds.url(`/${dialect}/work.ics`))).id;
    const [first] = await server.ctx.busyCalendars.refreshDue();
    expect(first?.result).toBe('ok');
  });
  afterEach(async () => server.close());

  const shown = async () =>
    (await server.request('GET', `/specialist/${sp}/busy-calendars/${calendarId}`)).body;
  const blocked = () => missingSlots(server, sp, service, '2026-12-07', '2026-12-13');
  /** The next round, once the refresh interval has passed. */
  const nextRound = async () => {
    clock.advance(15 * MINUTE_MS);
    return server.ctx.busyCalendars.refreshDue();
  };

  it('fetches again after the refresh interval, not before; a 304 keeps the data and the ETags', async () => {
    clock.advance(15 * MINUTE_MS - 1);
    expect(await server.ctx.busyCalendars.refreshDue()).toEqual([]);
    expect(feeds.requests).toHaveLength(1);
    const slotsPath = `/specialist/${sp}/slots?service_id=${service}&start_date=2026-12-07&end_date=2026-12-13`;
    const etag = (await server.request('GET', slotsPath)).headers.get('etag') ?? '';

    clock.advance(1);
    const [round] = await server.ctx.busyCalendars.refreshDue();
    expect(round?.result).toBe('not_modified');
    // The first request had no validators; the second sent back both.
    expect(feeds.requests).toEqual([
      { path: `/${dialect}/work.ics`, ifNoneMatch: undefined, ifModifiedSince: undefined },
      { path: `/${dialect}/work.ics`, ifNoneMatch: ETAG, ifModifiedSince: LAST_MODIFIED },
    ]);
    expect(await shown()).toMatchObject({
      last_fetched_at: '2026-12-02T11:15:00+01:00',
      last_status: 'not modified',
      events: WORK_CALENDAR_EVENTS,
    });
    expect(await blocked()).toEqual(WORK_WEEK_BLOCKED);
    // Nothing changed, so the slots answer is still the same one.
    expect(
      (await server.request('GET', slotsPath, undefined, { 'if-none-match': etag })).status,
    ).toBe(304);

    const metrics = (await server.request('GET', '/metrics')).body as string;
    expect(metrics).toMatch(/^recurra_busy_fetch_total\{result="ok"\} 1$/m);
    expect(metrics).toMatch(/^recurra_busy_fetch_total\{result="not_modified"\} 1$/m);
  });

  it('keeps the last good busy time after an HTTP error, a redirect, a malformed body or a runaway rule', async () => {
    const path = `/${dialect}/work.ics`;
    for (const [answer, expected] of [
      [status(500), 'error: HTTP 500'],
      [status(404, 'gone'), 'error: HTTP 404'],
      [
        redirect('http://example.org/elsewhere.ics'),
        'error: HTTP 301 (redirects are not followed)',
      ],
      [
        calendar('<html>Sign in to see this calendar</html>'),
        /^error: not an? (readable )?iCalendar file/,
      ],
      [calendar(''), /^error: not an? (readable )?iCalendar file/],
      [
        calendar(RUNAWAY_RULE),
        /^error: expanding the calendar generates more than 50000 occurrences/,
      ],
    ] satisfies Array<[FeedAnswer, string | RegExp]>) {
      feeds.answer(path, answer);
      const [round] = await nextRound();
      expect(round?.result).toBe('error');
      const now = await shown();
      expect(now.last_status).toMatch(expected);
      expect(now.events, 'the last good count').toBe(WORK_CALENDAR_EVENTS);
      expect(await blocked()).toEqual(WORK_WEEK_BLOCKED);
    }
    // The validators of the good fetch are still the ones sent.
    expect(feeds.requests.at(-1)).toMatchObject({ ifNoneMatch: ETAG });
    const metrics = (await server.request('GET', '/metrics')).body as string;
    expect(metrics).toMatch(/^recurra_busy_fetch_total\{result="error"\} 6$/m);

    // And a good fetch afterwards replaces the data again.
    // The stand-up moved to 12:00–13:00.
    feeds.answer(
      path,
      calendar(
        WORK_CALENDAR.replace(':20261208T100000', ':20261208T120000').replace(
          ':20261208T110000',
          ':20261208T130000',
        ),
      ),
    );
    await nextRound();
    expect(await shown()).toMatchObject({ last_status: 'ok', events: WORK_CALENDAR_EVENTS });
    expect(await blocked()).toEqual([
      '2026-12-08T12:00',
      '2026-12-08T12:30',
      '2026-12-10T15:00',
      '2026-12-10T15:30',
    ]);
  });

  it('stops reading a 50 MB feed at 5 MB and keeps the last good data', async () => {
    const huge = hugeCalendar(50 * MB);
    feeds.answer(`/${dialect}/work.ics`, huge.answer);
    const [round] = await nextRound();
    expect(round?.result).toBe('error');
    expect(await shown()).toMatchObject({
      last_status: 'error: larger than 5 MB',
      events: WORK_CALENDAR_EVENTS,
    });
    expect(await blocked()).toEqual(WORK_WEEK_BLOCKED);
    // The client hung up: the server stopped streaming far short of 50 MB (the 5 MB read plus
    // what the loopback socket buffers of both sides held, a few MB each).
    expect(huge.sent()).toBeGreaterThan(5 * MB);
    expect(huge.sent()).toBeLessThan(30 * MB);
  });

  it('refuses, at fetch time, an address that private targets no longer allow', async () => {
    const guarded = createContext(server.db.storage, {
      clock,
      limits: { allowPrivateTargets: false },
      defaultMetrics: false,
    });
    clock.advance(15 * MINUTE_MS);
    const [round] = await guarded.busyCalendars.refreshDue();
    expect(round?.result).toBe('error');
    expect((await shown()).last_status).toMatch(
      /^error: url resolves to a private, loopback or link-local address/,
    );
    expect(feeds.requests).toHaveLength(1);
    expect(await blocked()).toEqual(WORK_WEEK_BLOCKED);
  });

  it('counts warnings in last_status and still keeps what it could read', async () => {
    feeds.answer(
      `/${dialect}/work.ics`,
      calendar(
        WORK_CALENDAR.replace(
          'END:VCALENDAR',
          [
            'BEGIN:VEVENT',
            'UID:mars@example.org',
            'DTSTART;TZID=Olympus/Mons:20261211T100000',
            'DTEND;TZID=Olympus/Mons:20261211T110000',
            'END:VEVENT',
            'END:VCALENDAR',
          ].join('\r\n'),
        ),
      ),
    );
    await nextRound();
    const now = await shown();
    expect(now.last_status).toMatch(/^ok \(1 warning: .*Olympus\/Mons/);
    expect(now.events).toBe(WORK_CALENDAR_EVENTS + 1);
  });
});
