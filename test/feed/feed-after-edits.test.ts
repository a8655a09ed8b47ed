import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localToEpochMs } from '../../src/domain/time/date-time.ts';
import { DIALECTS } from '../support/databases.ts';
import { createSchedule, createSpecialist, instancesPath } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { expandFeed, parseFeed, type FeedOccurrence, viewOccurrences } from './expand-feed.ts';

const ZONE = 'America/New_York';

/**
 * Edits that leave the feed harder cases: an occurrence moved before its series changed time
 * (its RECURRENCE-ID no longer names an occurrence), a series split with scope=following, an
 * edited one-off and a cancelled one-off. The ical.js expansion must still equal calendar-instances.
 */
describe.each(DIALECTS)('calendar.ics after series and one-off edits on %s', (dialect) => {
  let server: TestServer;
  let sp: number;
  let feed = '';

  const view = (start: string, end: string): Promise<FeedOccurrence[]> =>
    viewOccurrences(server, sp, start, end);
  const show = (list: FeedOccurrence[]) =>
    list.map(
      (o) => `${new Date(o.startMs).toISOString()} ${new Date(o.endMs).toISOString()} ${o.title}`,
    );
  const instanceAt = async (start: string, end: string, iso: string) => {
    const res = await server.request('GET', instancesPath(sp, start, end));
    const found = (res.body.instances as Array<{ id: number; start_datetime: string }>).find(
      (i) => i.start_datetime === iso,
    );
    if (!found) throw new Error(`no instance at ${iso}`);
    return found.id;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    sp = await createSpecialist(server, ZONE, 'Dr. Okafor');
    const weekly = await createSchedule(server, sp, {
      title: 'Weekly rounds',
      start_datetime: '2026-10-05T09:00:00',
      end_datetime: '2026-10-05T10:00:00',
      recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO',
    });
    const moved = await instanceAt('2026-10-12', '2026-10-18', '2026-10-12T09:00:00-04:00');
    expect(
      (
        await server.request('PATCH', `/specialist/${sp}/instances/${moved}?allow_overlap=true`, {
          start_datetime: '2026-10-13T15:00:00',
          title: 'Rounds (moved)',
        })
      ).status,
    ).toBe(200);
    // The series becomes fortnightly: the moved occurrence's original Monday no longer exists.
    expect(
      (
        await server.request(
          'PATCH',
          `/specialist/${sp}/schedules/${weekly}?scope=all&allow_overlap=true`,
          { recurrence_rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO' },
        )
      ).status,
    ).toBe(200);
    // Split: from 16 November on the rounds are called differently.
    expect(
      (
        await server.request(
          'PATCH',
          `/specialist/${sp}/schedules/${weekly}?scope=following&from=2026-11-16&allow_overlap=true`,
          { title: 'Winter rounds' },
        )
      ).status,
    ).toBe(200);
    await createSchedule(server, sp, {
      title: 'Talk',
      start_datetime: '2026-11-04T18:00:00',
      end_datetime: '2026-11-04T19:00:00',
    });
    await createSchedule(server, sp, {
      title: 'Dropped talk',
      start_datetime: '2026-11-05T18:00:00',
      end_datetime: '2026-11-05T19:00:00',
    });
    const talk = await instanceAt('2026-11-02', '2026-11-08', '2026-11-04T18:00:00-05:00');
    const dropped = await instanceAt('2026-11-02', '2026-11-08', '2026-11-05T18:00:00-05:00');
    expect(
      (
        await server.request('PATCH', `/specialist/${sp}/instances/${talk}?allow_overlap=true`, {
          start_datetime: '2026-11-06T17:30:00',
          end_datetime: '2026-11-06T19:00:00',
          title: 'Talk (rescheduled)',
        })
      ).status,
    ).toBe(200);
    expect((await server.request('DELETE', `/specialist/${sp}/instances/${dropped}`)).status).toBe(
      204,
    );
    const res = await server.request('GET', `/specialist/${sp}/calendar.ics`);
    expect(res.status).toBe(200);
    feed = res.body as string;
  });
  afterAll(async () => server.close());

  it.each([
    ['2026-10-05', '2026-10-25'],
    ['2026-10-26', '2026-11-22'],
    ['2026-11-23', '2027-01-10'],
  ])('ical.js expansion equals calendar-instances over %s..%s', async (start, end) => {
    const fromMs = localToEpochMs(`${start}T00:00:00`, ZONE);
    const toMs = localToEpochMs(`${end}T23:59:59`, ZONE) + 1000;
    const expected = await view(start, end);
    expect(expected.length).toBeGreaterThan(0);
    expect(show(expandFeed(parseFeed(feed), fromMs, toMs))).toEqual(show(expected));
  });

  it('publishes the orphaned edit as a one-off event of its own, the edited one-off in place, and no cancelled one-off', async () => {
    const occurrences = show(await view('2026-10-05', '2026-11-22'));
    expect(occurrences).toContain(
      '2026-10-13T19:00:00.000Z 2026-10-13T20:00:00.000Z Rounds (moved)',
    );
    expect(occurrences.some((o) => o.endsWith(' Talk (rescheduled)'))).toBe(true);
    expect(occurrences.some((o) => o.includes('Dropped talk'))).toBe(false);
    expect(feed).not.toContain('RECURRENCE-ID');
    expect(feed).not.toContain('SUMMARY:Dropped talk');
    expect(feed).toContain('SUMMARY:Winter rounds');
    // Its occurrence is gone from the fortnightly series: the edit stands alone, a one-off event
    // of the specialist (contract rule 3), listed and published as such.
    const schedules = (await server.request('GET', `/specialist/${sp}/schedules`)).body
      .schedules as Array<{ title: string; is_recurring: boolean }>;
    expect(schedules.filter((s) => s.title === 'Rounds (moved)')).toEqual([
      expect.objectContaining({ is_recurring: false }),
    ]);
    expect(feed).toContain('SUMMARY:Rounds (moved)');
    const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
    expect(feed.match(new RegExp(`^UID:${uuid}-\\d+@recurra\r$`, 'gm'))).toBeNull();
  });
});
