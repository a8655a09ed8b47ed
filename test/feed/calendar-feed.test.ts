import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localToEpochMs } from '../../src/domain/time/date-time.ts';
import { DIALECTS } from '../support/databases.ts';
import { createSchedule, createSpecialist, instancesPath } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { expandFeed, parseFeed, type FeedOccurrence, viewOccurrences } from './expand-feed.ts';

const BERLIN = 'Europe/Berlin';

// Windows (local dates of the Berlin specialist) around every DST change of the zones used.
const WINDOWS = {
  berlinSpringAndSydneyAutumn: ['2026-03-23', '2026-04-12'],
  newYorkSpringAndCountEnd: ['2026-03-02', '2026-03-22'],
  sydneySpringBerlinAndNewYorkAutumn: ['2026-09-28', '2026-11-08'],
  untilEnd: ['2026-11-16', '2026-12-06'],
  nextYear: ['2027-01-01', '2027-01-31'],
} as const;

const LONG_TITLE =
  'Clinic, room 3; "East" wing\\annex\nSecond line 🩺🗓️ — ünïcödé text long enough to need folding twice over, ' +
  'with a few more words; commas, semicolons; and emoji 🧑‍⚕️ to cross the third line';

describe.each(DIALECTS)('GET /specialist/{id}/calendar.ics on %s', (dialect) => {
  let server: TestServer;
  let sp: number;
  let feed = '';

  const viewInstances = (start: string, end: string): Promise<FeedOccurrence[]> =>
    viewOccurrences(server, sp, start, end);
  const windowMs = (start: string, end: string) => {
    const last = new Date(Date.parse(`${end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return [
      localToEpochMs(`${start}T00:00:00`, BERLIN),
      localToEpochMs(`${last}T00:00:00`, BERLIN),
    ];
  };
  const fetchFeed = async (headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.baseUrl}/specialist/${sp}/calendar.ics`, { headers });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    sp = await createSpecialist(server, BERLIN, 'Dr. Rivera, MD; Berlin');
    // UNTIL rule across both Berlin DST changes, with an exdate.
    await createSchedule(server, sp, {
      title: 'Saturday clinic',
      start_datetime: '2026-03-07T09:00:00',
      end_datetime: '2026-03-07T17:00:00',
      timezone: BERLIN,
      recurrence_rule: { freq: 'WEEKLY', byweekday: ['SA'], until: '2026-11-28' },
      exdates: ['2026-04-04T09:00:00'],
    });
    // COUNT rule across New York's spring change.
    await createSchedule(server, sp, {
      title: 'NY early call',
      start_datetime: '2026-03-01T08:00:00',
      end_datetime: '2026-03-01T09:00:00',
      timezone: 'America/New_York',
      recurrence_rule: 'FREQ=DAILY;COUNT=20',
    });
    // Unbounded rules across Sydney's autumn and spring changes and New York's autumn one.
    await createSchedule(server, sp, {
      title: 'Sydney consults',
      start_datetime: '2026-03-24T10:00:00',
      end_datetime: '2026-03-24T12:00:00',
      timezone: 'Australia/Sydney',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=TU,TH',
    });
    await createSchedule(server, sp, {
      title: 'NY second Sunday-ish',
      start_datetime: '2026-01-11T13:00:00',
      end_datetime: '2026-01-11T14:30:00',
      timezone: 'America/New_York',
      recurrence_rule: 'FREQ=MONTHLY;BYDAY=1SU,-1SU',
    });
    // One-off events, one in a zone without DST.
    await createSchedule(server, sp, {
      title: 'Kathmandu one-off',
      start_datetime: '2026-03-30T14:00:00',
      end_datetime: '2026-03-30T15:15:00',
      timezone: 'Asia/Kathmandu',
    });
    await createSchedule(server, sp, {
      title: LONG_TITLE,
      start_datetime: '2026-11-20T10:00:00',
      end_datetime: '2026-11-20T11:00:00',
    });

    // Materialize, then move one occurrence (onto the DST Sunday) and cancel another.
    const spring = (await server.request('GET', instancesPath(sp, '2026-03-23', '2026-04-12'))).body
      .instances as Array<Record<string, string | number>>;
    const sat = spring.find((i) => i.start_datetime === '2026-03-28T09:00:00+01:00');
    const thu = spring.find(
      (i) => i.title === 'Sydney consults' && String(i.start_datetime).startsWith('2026-04-02'),
    );
    expect(sat && thu).toBeTruthy();
    const moved = await server.request(
      'PATCH',
      `/specialist/${sp}/instances/${sat?.id}?allow_overlap=true`,
      { title: 'Moved clinic', start_datetime: '2026-03-29T11:00:00' },
    );
    expect(moved.status).toBe(200);
    expect((await server.request('DELETE', `/specialist/${sp}/instances/${thu?.id}`)).status).toBe(
      204,
    );
    const res = await fetchFeed();
    expect(res.status).toBe(200);
    feed = res.text;
  });
  afterAll(async () => server.close());

  it('is text/calendar with the calendar properties and one VTIMEZONE per zone used', async () => {
    const res = await fetchFeed();
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const cal = parseFeed(feed);
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(String(cal.getFirstPropertyValue('prodid'))).toMatch(/Recurra/);
    expect(feed).toContain('\r\nX-WR-CALNAME:Dr. Rivera\\, MD\\; Berlin\r\n');
    // Every time carries its TZID (or is UTC): no X-WR-TIMEZONE, which some clients apply to UTC
    // times (recurring_ical_events moves them; see python-client.test.ts).
    expect(feed).not.toContain('X-WR-TIMEZONE');
    const zones = cal
      .getAllSubcomponents('vtimezone')
      .map((z) => z.getFirstPropertyValue('tzid'))
      .sort();
    expect(zones).toEqual(['America/New_York', 'Asia/Kathmandu', 'Australia/Sydney', BERLIN]);
    const kathmandu = cal
      .getAllSubcomponents('vtimezone')
      .find((z) => z.getFirstPropertyValue('tzid') === 'Asia/Kathmandu');
    expect(kathmandu?.getAllSubcomponents().map((c) => c.name)).toEqual(['standard']);
  });

  it('has one VEVENT per schedule with its RRULE, EXDATEs for exdates and cancellations, and a RECURRENCE-ID per edit', () => {
    const cal = parseFeed(feed);
    const vevents = cal.getAllSubcomponents('vevent');
    const masters = vevents.filter((v) => !v.hasProperty('recurrence-id'));
    // Six schedules; the monthly one's DTSTART (11 January, neither the first nor the last Sunday)
    // is not generated by its rule, so it is published as an event of its own (RFC 5545 leaves an
    // unsynchronized DTSTART undefined; ical.js would drop it).
    expect(masters).toHaveLength(7);
    expect(new Set(masters.map((v) => v.getFirstPropertyValue('uid'))).size).toBe(7);
    expect(feed).toMatch(/^UID:[0-9a-f-]{36}-first@recurra\r$/m);
    for (const m of masters) expect(String(m.getFirstPropertyValue('uid'))).toMatch(/@recurra$/);
    const byTitle = (t: string) => masters.find((m) => m.getFirstPropertyValue('summary') === t);
    const clinic = byTitle('Saturday clinic');
    expect(clinic?.getFirstProperty('dtstart')?.getParameter('tzid')).toBe(BERLIN);
    expect(feed).toContain('RRULE:FREQ=WEEKLY;BYDAY=SA;UNTIL=20261128T225959Z');
    expect(feed).toContain('RRULE:FREQ=DAILY;COUNT=20');
    expect(feed).toContain('EXDATE;TZID=Europe/Berlin:20260404T090000');
    expect(feed).toContain('EXDATE;TZID=Australia/Sydney:20260402T100000');
    expect(byTitle('Kathmandu one-off')?.hasProperty('rrule')).toBe(false);
    const edits = vevents.filter((v) => v.hasProperty('recurrence-id'));
    expect(edits).toHaveLength(1);
    expect(edits[0]?.getFirstPropertyValue('uid')).toBe(clinic?.getFirstPropertyValue('uid'));
    expect(feed).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20260328T090000');
    expect(feed).toContain('DTSTART;TZID=Europe/Berlin:20260329T110000');
  });

  it.each(Object.entries(WINDOWS))(
    'expands with ical.js to exactly what calendar-instances shows (%s)',
    async (_name, [start, end]) => {
      const [fromMs, toMs] = windowMs(start, end);
      const expected = await viewInstances(start, end);
      expect(expected.length).toBeGreaterThan(0);
      const actual = expandFeed(parseFeed(feed), fromMs as number, toMs as number);
      const show = (list: FeedOccurrence[]) =>
        list.map(
          (o) =>
            `${new Date(o.startMs).toISOString()} ${new Date(o.endMs).toISOString()} ${o.title}`,
        );
      expect(show(actual)).toEqual(show(expected));
    },
  );

  it('the windows cover the moved, cancelled, excluded, one-off, COUNT and UNTIL cases', async () => {
    const spring = await viewInstances(...WINDOWS.berlinSpringAndSydneyAutumn);
    const at = (iso: string) => spring.filter((o) => o.startMs === Date.parse(iso));
    expect(at('2026-03-29T11:00:00+02:00').map((o) => o.title)).toEqual(['Moved clinic']);
    expect(at('2026-03-28T09:00:00+01:00')).toEqual([]);
    expect(at('2026-04-04T09:00:00+02:00')).toEqual([]);
    expect(at('2026-04-02T10:00:00+11:00')).toEqual([]);
    expect(at('2026-03-30T14:00:00+05:45').map((o) => o.title)).toEqual(['Kathmandu one-off']);
    const count = (await viewInstances(...WINDOWS.newYorkSpringAndCountEnd)).filter(
      (o) => o.title === 'NY early call',
    );
    expect(count.at(-1)?.startMs).toBe(Date.parse('2026-03-20T08:00:00-04:00'));
    const until = (await viewInstances(...WINDOWS.untilEnd)).filter(
      (o) => o.title === 'Saturday clinic',
    );
    expect(until.map((o) => new Date(o.startMs).toISOString())).toEqual([
      '2026-11-21T08:00:00.000Z',
      '2026-11-28T08:00:00.000Z',
    ]);
  });

  it('escapes TEXT and folds every line at 75 octets (RFC 5545 §3.1)', () => {
    expect(feed.endsWith('\r\n')).toBe(true);
    const lines = feed.split('\r\n');
    expect(lines.some((l) => l.includes('\n'))).toBe(false);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    // The long title was folded (continuation lines start with one space) and reads back intact.
    const unfolded = feed.replace(/\r\n /g, '');
    expect(unfolded).toContain(
      'SUMMARY:Clinic\\, room 3\\; "East" wing\\\\annex\\nSecond line 🩺🗓️ — ünïcödé',
    );
    const start = lines.findIndex((l) => l.startsWith('SUMMARY:Clinic'));
    expect(lines[start + 1]?.startsWith(' ')).toBe(true);
    expect(lines[start + 2]?.startsWith(' ')).toBe(true);
    const summaries = parseFeed(feed)
      .getAllSubcomponents('vevent')
      .map((v) => v.getFirstPropertyValue('summary'));
    expect(summaries).toContain(LONG_TITLE);
    // A fold never splits a multi-byte character: every line is valid UTF-8 on its own.
    for (const line of lines) expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
  });

  it('is stable for unchanged data and answers If-None-Match with 304; a change gives a new ETag', async () => {
    const first = await fetchFeed();
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const second = await fetchFeed();
    expect(second.text).toBe(first.text);
    expect(second.headers.get('etag')).toBe(etag);
    const cached = await fetchFeed({ 'if-none-match': etag });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe('');
    expect((await fetchFeed({ 'if-none-match': `W/${etag}, "other"` })).status).toBe(304);
    expect((await fetchFeed({ 'if-none-match': '"other"' })).status).toBe(200);

    const one = await createSchedule(server, sp, {
      title: 'Extra',
      start_datetime: '2027-02-01T09:00:00',
      end_datetime: '2027-02-01T10:00:00',
    });
    const changed = await fetchFeed({ 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(changed.text).toContain('SUMMARY:Extra');
    expect((await server.request('DELETE', `/specialist/${sp}/schedules/${one}`)).status).toBe(204);
    expect(await fetchFeed().then((r) => r.text)).not.toContain('SUMMARY:Extra');
  });

  it('answers 404 for an unknown specialist and for a malformed id', async () => {
    const missing = await server.request('GET', '/specialist/999999/calendar.ics');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const bad = await server.request('GET', '/specialist/abc/calendar.ics');
    expect(bad.status).toBe(404);
    expect(bad.body.error.code).toBe('not_found');
  });

  it('parses with ical.js into events whose properties survive a round trip', () => {
    const cal = parseFeed(feed);
    expect(new ICAL.Component(ICAL.parse(cal.toString()) as unknown[]).toString()).toBe(
      cal.toString(),
    );
  });
});
