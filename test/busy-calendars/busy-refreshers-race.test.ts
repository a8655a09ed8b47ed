import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createContext, type AppContext } from '../../src/context.ts';
import { MINUTE_MS } from '../../src/domain/time/durations.ts';
import type { BusyRefresh } from '../../src/services/busy-calendar.service.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { DIALECTS } from '../support/databases.ts';
import { createSpecialist } from '../support/fixtures.ts';
import { ManualClock, NOW, startTestServer, type TestServer } from '../support/test-server.ts';
import { addBusyCalendar } from './support/busy-api.ts';
import { calendar, startFeedServer, type FeedServer } from './support/feed-server.ts';
import { WORK_CALENDAR } from './support/work-calendar.ts';

const CALENDARS = 8;
const ROUNDS = 3;

/**
 * Two refreshers, each with its own connection to the same database (as two server processes
 * have), run their rounds at the same time: every calendar is fetched exactly once per round.
 * Each answer is held back a little so that the two rounds overlap.
 */
describe.each(DIALECTS)('two refreshers over one %s database', (dialect) => {
  let feeds: FeedServer;
  let server: TestServer;
  let clock: ManualClock;
  let otherStorage: Storage;
  let other: AppContext;

  beforeAll(async () => {
    feeds = await startFeedServer();
    const work = calendar(WORK_CALENDAR);
    for (let i = 0; i < CALENDARS; i++)
      feeds.answer(`/${dialect}/cal-${i}.ics`, (req, res) => {
        setTimeout(() => work(req, res), 30);
      });
  });
  afterAll(async () => feeds.close());
  beforeEach(async () => {
    clock = new ManualClock(NOW);
    server = await startTestServer(dialect, { clock, limits: { allowPrivateTargets: true } });
    otherStorage = openStorage(server.db.url);
    other = createContext(otherStorage, {
      clock,
      limits: { allowPrivateTargets: true },
      defaultMetrics: false,
    });
  });
  afterEach(async () => {
    await otherStorage.close();
    await server.close();
  });

  it('never fetch one calendar twice in one round', async () => {
    const specialists = [await createSpecialist(server), await createSpecialist(server, 'UTC')];
    for (let i = 0; i < CALENDARS; i++)
      await addBusyCalendar(
        server,
        specialists[i % 2] as number,
        feeds.url(`/${dialect}/cal-${i}.ics`),
      );
    for (let round = 1; round <= ROUNDS; round++) {
      const before = feeds.requests.length;
      const [a, b] = await Promise.all([
        server.ctx.busyCalendars.refreshDue(),
        other.busyCalendars.refreshDue(),
      ]);
      const fetched = (done: BusyRefresh[]) =>
        done.filter((d) => d.result !== 'skipped').map((d) => d.calendar.id);
      const ids = [...fetched(a), ...fetched(b)].sort((x, y) => x - y);
      expect(ids, `round ${round}`).toHaveLength(CALENDARS);
      expect(new Set(ids).size, `round ${round}: each calendar once`).toBe(CALENDARS);
      const paths = feeds.requests.slice(before).map((r) => r.path);
      expect(paths, `round ${round}`).toHaveLength(CALENDARS);
      expect(new Set(paths).size).toBe(CALENDARS);
      for (const d of [...a, ...b].filter((x) => x.result !== 'skipped'))
        expect(d.result, `round ${round}`).toBe('ok');
      clock.advance(15 * MINUTE_MS);
    }
    // Every calendar's intervals are there once, whoever fetched it.
    const rows = await server.db.storage.db
      .selectFrom('busy_intervals')
      .select(['calendar_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('calendar_id')
      .execute();
    expect(rows).toHaveLength(CALENDARS);
    expect(new Set(rows.map((r) => Number(r.n))).size).toBe(1);
  });
});
