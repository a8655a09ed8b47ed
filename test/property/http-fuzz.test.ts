import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { createSchedule, createSpecialist, instancesPath } from '../support/fixtures.ts';
import { request, startTestServer, type TestServer } from '../support/test-server.ts';

/** Everything the database holds, to prove a refused request wrote nothing (not even an update). */
async function snapshot(server: TestServer): Promise<string> {
  const db = server.db.storage.db;
  return JSON.stringify([
    await db.selectFrom('specialists').selectAll().orderBy('id').execute(),
    await db.selectFrom('schedules').selectAll().orderBy('id').execute(),
    await db.selectFrom('instances').selectAll().orderBy('id').execute(),
  ]);
}

const ROUTES = [
  ['POST', '/specialist'],
  ['GET', '/specialist'],
  ['GET', '/specialist/:id'],
  ['POST', '/specialist/:id/schedules'],
  ['GET', '/specialist/:id/schedules'],
  ['GET', '/specialist/:id/schedules/:sid'],
  ['PATCH', '/specialist/:id/schedules/:sid'],
  ['DELETE', '/specialist/:id/schedules/:sid'],
  ['GET', '/specialist/:id/calendar-instances'],
  ['PATCH', '/specialist/:id/instances/:iid'],
  ['DELETE', '/specialist/:id/instances/:iid'],
  ['GET', '/specialist/:id/calendar.ics'],
] as const;

const FIELDS = [
  'name',
  'timezone',
  'title',
  'start_datetime',
  'end_datetime',
  'recurrence_rule',
  'exdates',
] as const;
const QUERY_KEYS = [
  'start_date',
  'end_date',
  'include_cancelled',
  'include_inactive',
  'allow_overlap',
  'scope',
  'from',
  'bogus',
] as const;

/** Text that looks almost right: dates, zones, rules, with the usual ways to be wrong. */
const nearlyValidText = fc.oneof(
  fc.constantFrom(
    '2026-12-05T09:00:00',
    '2026-12-05T17:00',
    '2026-02-30T09:00:00',
    '2026-03-29T02:30:00',
    '2026-12-05T09:00:00+14:00',
    '2026-12-05T09:00:00Z',
    '2026-12-05',
    '2026-13-01',
    '0000-01-01T00:00:00',
    '9999-12-31T23:59:59',
    '2026-12-05T24:00:00',
    'Europe/Berlin',
    'Mars/Olympus',
    '+01:00',
    'UTC',
    'FREQ=WEEKLY;BYDAY=SA',
    'RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=5',
    'FREQ=SECONDLY',
    'FREQ=DAILY;COUNT=0',
    'FREQ=DAILY;UNTIL=2027',
    'FREQ=YEARLY;BYMONTH=13',
    'FREQ=WEEKLY;BYSETPOS=1',
    'FREQ=DAILY;INTERVAL=99999999999',
    'FREQ=WEEKLY;BYDAY=1MO',
    'all',
    'following',
    'true',
    'false',
    '',
    ' ',
    '\u0000',
    '💥',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 2000 }),
);

const value: fc.Arbitrary<unknown> = fc.oneof(
  nearlyValidText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nearlyValidText, { maxLength: 3 }),
  fc.dictionary(
    fc.constantFrom('freq', 'interval', 'count', 'until', 'byweekday', 'bymonthday', 'x'),
    fc.oneof(
      nearlyValidText,
      fc.integer({ min: -10, max: 100 }),
      fc.array(fc.integer({ min: -2, max: 8 }), { maxLength: 3 }),
    ),
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

const VALID_SCHEDULE = {
  title: 'Fuzz',
  start_datetime: '2027-01-04T09:00:00',
  end_datetime: '2027-01-04T10:00:00',
  timezone: 'Europe/Berlin',
  recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4',
};

/** A valid schedule body (also fine for PATCH) with one or two fields replaced or dropped. */
const mutatedBody = fc
  .tuple(fc.subarray([...FIELDS.slice(2)], { minLength: 1, maxLength: 2 }), value, fc.boolean())
  .map(([keys, v, drop]) => {
    const body: Record<string, unknown> = { ...VALID_SCHEDULE };
    for (const k of keys) {
      if (drop) delete body[k];
      else body[k] = v;
    }
    return body;
  });

/** A body: an object of known and unknown fields, any JSON, or text that is not JSON at all. */
const bodyArb = fc.oneof(
  { weight: 5, arbitrary: mutatedBody },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Record<string, unknown>>(
      VALID_SCHEDULE,
      { title: 'Renamed' },
      { name: 'Dr. Fuzz', timezone: 'Asia/Kathmandu' },
    ),
  },
  { weight: 5, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 7 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string()), value),
  },
  { weight: 1, arbitrary: fc.jsonValue() },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.string(), fc.constantFrom('{', '{"title":', 'null', '[]', '{"a":1}}', '\u0000'))
      .map((raw) => ({ raw })),
  },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** Path ids: the real ones, missing ones, and ones that are not ids at all. */
function idArb(real: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(String(real)) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '0',
        '-1',
        '999999',
        '2147483648',
        '99999999999999999999',
        '1.5',
        '1e3',
        'abc',
        '%00',
        '%F0%9F%92%A5',
        '1;drop',
        '',
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map(encodeURIComponent) },
  );
}

describe.each(DIALECTS)('HTTP fuzz on %s', (dialect) => {
  let server: TestServer;
  let ids: { id: number; sid: number; iid: number };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const id = await createSpecialist(server);
    const sid = await createSchedule(server, id);
    const view = await server.request('GET', instancesPath(id, '2026-12-01', '2026-12-31'));
    ids = { id, sid, iid: view.body.instances[0].id as number };
  });
  afterAll(async () => server.close());

  it('random and malformed requests to every route: no 5xx, every error in the contract shape, no write on a 4xx', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc
          .constant(null)
          .chain(() => fc.record({ id: idArb(ids.id), sid: idArb(ids.sid), iid: idArb(ids.iid) })),
        fc.oneof(
          { weight: 3, arbitrary: fc.constant({}) },
          {
            weight: 2,
            arbitrary: fc.dictionary(
              fc.constantFrom(...QUERY_KEYS),
              fc.oneof(nearlyValidText, fc.constant('true')),
              { maxKeys: 4 },
            ),
          },
        ),
        bodyArb,
        fc.oneof(
          { weight: 4, arbitrary: fc.constant('application/json') },
          {
            weight: 1,
            arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', ''),
          },
        ),
        async ([method, template], pathIds, query, body, contentType) => {
          const path = template
            .replace(':id', pathIds.id)
            .replace(':sid', pathIds.sid)
            .replace(':iid', pathIds.iid);
          const qs = new URLSearchParams(query).toString();
          const url = qs ? `${path}?${qs}` : path;
          const headers: Record<string, string> = contentType
            ? { 'content-type': contentType }
            : {};
          const sendsBody = method !== 'GET' && method !== 'DELETE' && body !== undefined;
          const payload = !sendsBody
            ? undefined
            : typeof body === 'object' && body !== null && 'raw' in body
              ? String((body as { raw: unknown }).raw)
              : JSON.stringify(body);
          const before = await snapshot(server);
          const res = await request(server.baseUrl, method, url, payload, headers);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const context = `${method} ${url} ${payload ?? ''} → ${res.status} ${JSON.stringify(res.body)}`;
          expect(res.status, context).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.body?.error?.code, context).toMatch(/^[a-z]+(_[a-z]+)*$/);
            expect(typeof res.body.error.message, context).toBe('string');
            expect(await snapshot(server), context).toBe(before);
          }
        },
      ),
      { numRuns: 1000 },
    );
    console.info(`fuzz statuses (${dialect}): ${JSON.stringify(Object.fromEntries(statuses))}`);
    // The fuzz reached past validation: some requests succeeded, most were refused.
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
  });
});
