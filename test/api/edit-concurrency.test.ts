import { duplicateOccurrences } from '../support/fixtures.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { createSchedule, createSpecialist, instancesPath } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

describe.each(DIALECTS)('views concurrent with edits on %s', (dialect) => {
  let server: TestServer;
  afterEach(async () => server.close());

  it('never shows a stale or duplicate occurrence, never loses an edit, never answers 5xx', async () => {
    server = await startTestServer(dialect);
    const sp = await createSpecialist(server);
    const sid = await createSchedule(server, sp);
    const hours = ['09', '10', '11', '12', '13', '08'];
    const weeks = [
      '2026-12-07',
      '2026-12-14',
      '2026-12-21',
      '2026-12-28',
      '2027-01-04',
      '2027-01-11',
    ];
    const statuses: number[] = [];
    const edits = (async () => {
      for (const h of hours) {
        const res = await server.request('PATCH', `/specialist/${sp}/schedules/${sid}`, {
          start_datetime: `2026-12-05T${h}:00:00`,
          end_datetime: `2026-12-05T${h}:30:00`,
        });
        statuses.push(res.status);
      }
    })();
    const views = Promise.all(
      Array.from({ length: 24 }, async (_, i) => {
        const start = weeks[i % weeks.length] as string;
        const end = new Date(Date.parse(`${start}T00:00:00Z`) + 20 * 86_400_000)
          .toISOString()
          .slice(0, 10);
        const res = await server.request('GET', instancesPath(sp, start, end));
        expect(res.body.instances.length).toBe(3);
        statuses.push(res.status);
        // Every view is one consistent series version: all its occurrences at one time of day.
        const times = new Set(
          (res.body.instances as Array<{ start_datetime: string }>).map((x) =>
            x.start_datetime.slice(11),
          ),
        );
        expect(times.size).toBeLessThanOrEqual(1);
      }),
    );
    await Promise.all([edits, views]);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // The last edit won, and every week shows exactly its occurrence.
    for (const start of weeks) {
      const res = await server.request('GET', instancesPath(sp, start));
      expect(
        res.body.instances.map((x: { start_datetime: string }) => x.start_datetime.slice(11)),
      ).toEqual(['08:00:00+01:00']);
    }
    const dup = await duplicateOccurrences(server.db.storage);
    expect(dup).toBe(0);
  });

  it('two concurrent overlapping creates: exactly one wins, the other gets 409', async () => {
    server = await startTestServer(dialect);
    const sp = await createSpecialist(server);
    const body = {
      title: 'Race',
      start_datetime: '2026-12-08T10:00:00',
      end_datetime: '2026-12-08T11:00:00',
      recurrence_rule: 'FREQ=WEEKLY',
    };
    const results = await Promise.all([
      server.request('POST', `/specialist/${sp}/schedules`, body),
      server.request('POST', `/specialist/${sp}/schedules`, { ...body, title: 'Race 2' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});
