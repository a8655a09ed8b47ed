import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import {
  countRows,
  createSchedule,
  createSpecialist,
  instancesPath,
  SATURDAY_CLINIC,
} from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const HOSTILE = `Robert'); DROP TABLE schedules;-- <script>alert(1)</script> ☃ \u202e %s %n {{7*7}}`;

describe.each(DIALECTS)('bad input on %s', (dialect) => {
  let server: TestServer;
  let sp: number;
  let sid: number;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    sp = await createSpecialist(server);
    sid = await createSchedule(server, sp);
  });
  afterAll(async () => server.close());

  /** Sends a request that must be refused with `status` and `code`, and proves nothing was written. */
  async function refused(
    method: string,
    path: string,
    body: unknown,
    status: number,
    code: string,
    headers?: Record<string, string>,
  ) {
    const before = await countRows(server);
    const res = await server.request(method, path, body, headers);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(typeof res.body.error.message).toBe('string');
    expect(res.body.error.message.length).toBeGreaterThan(5);
    // All three keys, always; messages are for people: no regex, stack or SQL.
    expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message']);
    expect(res.body.error.message).not.toMatch(
      /\^|\$\)|\\u|must match pattern|at \w+ \(|select |insert /i,
    );
    expect(await countRows(server)).toEqual(before);
    return res.body.error as { code: string; message: string; details?: unknown };
  }

  const schedules = () => `/specialist/${sp}/schedules`;

  it.each([
    ['unknown FREQ', { recurrence_rule: 'FREQ=FOO' }, /unknown FREQ/],
    ['bad BYDAY', { recurrence_rule: 'FREQ=WEEKLY;BYDAY=XX' }, /not a weekday/],
    [
      'COUNT with UNTIL',
      { recurrence_rule: 'FREQ=DAILY;COUNT=3;UNTIL=20270101' },
      /COUNT and UNTIL/,
    ],
    ['INTERVAL 0', { recurrence_rule: 'FREQ=WEEKLY;INTERVAL=0' }, /INTERVAL/],
    [
      'out-of-range BYMONTHDAY',
      { recurrence_rule: 'FREQ=MONTHLY;BYMONTHDAY=32' },
      /BYMONTHDAY value 32/,
    ],
    ['dense FREQ=MINUTELY', { recurrence_rule: 'FREQ=MINUTELY' }, /not supported/],
    ['rule of the wrong type', { recurrence_rule: 42 }, /recurrence_rule/],
    ['invalid zone', { timezone: 'Mars/Olympus' }, /IANA time zone/],
    ['offset instead of zone', { timezone: '+01:00' }, /IANA time zone/],
    ['malformed start', { start_datetime: 'next saturday' }, /start_datetime/],
    [
      'impossible date',
      { start_datetime: '2026-02-30T09:00:00', end_datetime: '2026-02-30T10:00:00' },
      /not a real date/,
    ],
    ['end before start', { end_datetime: '2026-12-05T08:00:00' }, /after start_datetime/],
    ['zero duration', { end_datetime: '2026-12-05T09:00:00' }, /after start_datetime/],
    ['duration over 7 days', { end_datetime: '2026-12-13T09:00:00' }, /at most 7 days/],
    ['empty title', { title: '   ' }, /title/],
    ['missing title', { title: undefined }, /title/],
    ['unknown field', { colour: 'red' }, /colour/],
    ['bad exdate', { exdates: ['someday'] }, /exdates/],
    ['offset +24:00', { start_datetime: '2026-12-05T09:00:00+24:00' }, /offset beyond ±18:00/],
    ['offset -25:00', { end_datetime: '2026-12-05T17:00:00-25:00' }, /offset beyond ±18:00/],
    ['offset +23:60', { start_datetime: '2026-12-05T09:00+23:60' }, /offset beyond ±18:00/],
    ['offset +99:99', { start_datetime: '2026-12-05T09:00:00+99:99' }, /offset beyond ±18:00/],
    ['offset +18:01', { start_datetime: '2026-12-05T09:00:00+18:01' }, /offset beyond ±18:00/],
    ['an exdate with offset +24:00', { exdates: ['2026-12-12T09:00:00+24:00'] }, /exdates/],
    ['second 60', { start_datetime: '2026-12-05T09:00:60' }, /not a real date and time/],
    ['fractional seconds', { start_datetime: '2026-12-05T09:00:00.5' }, /no fractions/],
    ['fractional seconds with Z', { start_datetime: '2026-12-05T08:00:00.000Z' }, /no fractions/],
    ['hour 24', { start_datetime: '2026-12-05T24:00:00' }, /not a real date and time/],
    [
      'year out of range',
      { start_datetime: '9999-12-05T09:00:00', end_datetime: '9999-12-05T10:00:00' },
      /between the years/,
    ],
  ])('schedule with %s → 400 validation_error', async (_name, patch, message) => {
    const error = await refused(
      'POST',
      schedules(),
      { ...SATURDAY_CLINIC, ...patch },
      400,
      'validation_error',
    );
    expect(error.message).toMatch(message);
  });

  it('zones match case-insensitively and are stored in their canonical spelling', async () => {
    const created = await server.request('POST', '/specialist', {
      name: 'Zones',
      timezone: 'europe/berlin',
    });
    expect(created.status).toBe(201);
    expect(created.body.timezone).toBe('Europe/Berlin');
    const res = await server.request('POST', `/specialist/${created.body.id}/schedules`, {
      ...SATURDAY_CLINIC,
      timezone: 'america/new_york',
    });
    expect(res.status).toBe(201);
    expect(res.body.timezone).toBe('America/New_York');
    const utc = await server.request('POST', '/specialist', { name: 'U', timezone: 'utc' });
    expect(utc.body.timezone).toBe('UTC');
  });

  it('offsets up to ±18:00 and Z are instants, converted to the zone', async () => {
    const other = await createSpecialist(server, 'Europe/Berlin', 'Offsets');
    const res = await server.request('POST', `/specialist/${other}/schedules`, {
      title: 'Far',
      start_datetime: '2026-12-06T03:00:00+18:00',
      end_datetime: '2026-12-05T10:00:00Z',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.start_datetime).toBe('2026-12-05T10:00:00+01:00');
    expect(res.body.end_datetime).toBe('2026-12-05T11:00:00+01:00');
  });

  it('an occurrence edit with an offset beyond ±18:00 → 400, nothing changed', async () => {
    const view = await server.request('GET', instancesPath(sp, '2026-12-05', '2026-12-05'));
    const iid = view.body.instances[0].id as number;
    await refused(
      'PATCH',
      `/specialist/${sp}/instances/${iid}`,
      { start_datetime: '2026-12-05T10:00:00+24:00' },
      400,
      'validation_error',
    );
  });

  it('every error from the framework has the full shape: unknown route, bad JSON, 413, 415', async () => {
    const unknown = await refused('GET', '/no/such/route', undefined, 404, 'not_found');
    expect(unknown.details).toBeNull();
    const json = await refused('POST', schedules(), '{"title": ', 400, 'validation_error');
    expect(json.details).toBeNull();
  });

  it('specialists: invalid zone, empty name, wrong types → 400', async () => {
    await refused(
      'POST',
      '/specialist',
      { name: 'X', timezone: 'Europe/Nowhere' },
      400,
      'validation_error',
    );
    await refused('POST', '/specialist', { name: '', timezone: 'UTC' }, 400, 'validation_error');
    await refused('POST', '/specialist', { name: 5, timezone: 'UTC' }, 400, 'validation_error');
    await refused('POST', '/specialist', [], 400, 'validation_error');
    await refused(
      'POST',
      '/specialist',
      { name: 'nul\u0000byte', timezone: 'UTC' },
      400,
      'validation_error',
    );
  });

  it('malformed JSON, wrong content type and oversized bodies get a 4xx in the contract shape', async () => {
    await refused('POST', schedules(), '{"title": ', 400, 'validation_error');
    await refused('POST', schedules(), 'title=x', 415, 'unsupported_media_type', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    await refused(
      'POST',
      schedules(),
      { ...SATURDAY_CLINIC, title: 'x'.repeat(200_000) },
      413,
      'payload_too_large',
    );
  });

  it.each([
    ['/specialist/abc', 'GET'],
    ['/specialist/0', 'GET'],
    ['/specialist/-1/schedules', 'GET'],
    ['/specialist/99999999999/calendar-instances', 'GET'],
    ['/specialist/1.5/schedules', 'GET'],
    ['/specialist/0x1', 'GET'],
    ['/specialist/1e0', 'GET'],
    ['/specialist/+1', 'GET'],
    ['/specialist/%201', 'GET'],
    ['/specialist/01', 'GET'],
    ['/specialist/1/schedules/0x1', 'GET'],
    ['/specialist/1/instances/1e0', 'DELETE'],
  ])('a malformed id in %s names nothing → 404', async (path, method) => {
    await refused(method, path, undefined, 404, 'not_found');
  });

  it.each([
    ['2026-13-01', '2026-12-31', 'validation_error', /start_date/],
    ['2026-02-30', undefined, 'validation_error', /start_date/],
    ['12/07/2026', undefined, 'validation_error', /start_date/],
    ['2026-12-20', '2026-12-10', 'validation_error', /not be before/],
    ['2026-01-01', '2027-12-31', 'range_too_large', /at most 366/],
  ])('calendar range %s..%s → %s', async (start, end, code, message) => {
    const error = await refused('GET', instancesPath(sp, start, end), undefined, 400, code);
    expect(error.message).toMatch(message);
  });

  it('an unknown query parameter is refused', async () => {
    await refused(
      'GET',
      instancesPath(sp, '2026-12-07', '2026-12-13', '&start=2026-12-07'),
      undefined,
      400,
      'validation_error',
    );
  });

  it('a delete of an unknown schedule, or with a bad from date, writes nothing', async () => {
    await refused('DELETE', `${schedules()}/999`, undefined, 404, 'not_found');
    await refused(
      'DELETE',
      `${schedules()}/${sid}?from=tomorrow`,
      undefined,
      400,
      'validation_error',
    );
  });

  it('stores hostile strings verbatim', async () => {
    const sp2 = await server.request('POST', '/specialist', { name: HOSTILE, timezone: 'UTC' });
    expect(sp2.status).toBe(201);
    expect(sp2.body.name).toBe(HOSTILE.trim());
    const res = await server.request('POST', `/specialist/${sp2.body.id}/schedules`, {
      ...SATURDAY_CLINIC,
      title: HOSTILE,
    });
    expect(res.status).toBe(201);
    const view = await server.request(
      'GET',
      instancesPath(sp2.body.id, '2026-12-05', '2026-12-05'),
    );
    expect(view.body.instances[0].title).toBe(HOSTILE.trim());
  });

  it('rules that never occur or are dense answer with a 2xx or a clear 4xx (their speed is measured in npm run bench)', async () => {
    const cases = [
      { recurrence_rule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' },
      { recurrence_rule: 'FREQ=MINUTELY' },
      { recurrence_rule: 'FREQ=SECONDLY;INTERVAL=1' },
      {
        recurrence_rule:
          'FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23',
        end_datetime: '2026-12-05T09:30:00',
      },
      { recurrence_rule: 'FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO' },
    ];
    for (const patch of cases) {
      const res = await server.request('POST', `${schedules()}?allow_overlap=true`, {
        ...SATURDAY_CLINIC,
        ...patch,
      });
      expect(res.status === 201 || res.status === 400, JSON.stringify(res.body)).toBe(true);
      if (res.status === 201) {
        const view = await server.request('GET', instancesPath(sp, '2027-01-01', '2027-12-31'));
        expect(view.status).toBe(200);
      }
    }
  });
});
