import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock.ts';
import { createContext } from '../../src/context.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { NOW } from '../support/test-server.ts';

describe('logs of the lazy path', () => {
  let db: TestDatabase;
  afterEach(async () => db.drop());

  it("at debug level, says per request what the seed's debug lines said, as structured fields", async () => {
    db = await createTestDatabase('sqlite');
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const app = buildApp(
      createContext(db.storage, { clock: fixedClock(NOW), defaultMetrics: false }),
      { logger: { level: 'debug', stream } },
    );
    const sp = (
      await app.inject({
        method: 'POST',
        url: '/specialist',
        payload: { name: 'Logs', timezone: 'Europe/Berlin' },
      })
    ).json<{ id: number }>().id;
    await app.inject({
      method: 'POST',
      url: `/specialist/${sp}/schedules`,
      payload: {
        title: 'Sat',
        start_datetime: '2026-12-05T09:00',
        end_datetime: '2026-12-05T17:00',
        recurrence_rule: 'FREQ=WEEKLY;BYDAY=SA',
      },
    });
    lines.length = 0;
    await app.inject({
      method: 'GET',
      url: `/specialist/${sp}/calendar-instances?start_date=2026-12-07&end_date=2026-12-20`,
    });
    const byMsg = (msg: string) => lines.find((l) => l.msg === msg);
    expect(byMsg('found schedules')).toMatchObject({
      specialist_id: sp,
      schedules: 1,
      pending: 1,
    });
    expect(byMsg('expanded occurrences')).toMatchObject({ specialist_id: sp, occurrences: 2 });
    expect(byMsg('created instances')).toMatchObject({ specialist_id: sp, created: 2 });
    expect(byMsg('returning instances')).toMatchObject({ specialist_id: sp, returned: 2 });
    expect(byMsg('calendar view')).toMatchObject({
      specialist_id: sp,
      start_date: '2026-12-07',
      end_date: '2026-12-20',
      created: 2,
      returned: 2,
    });
    expect(typeof byMsg('calendar view')?.duration_ms).toBe('number');
    // Every line of one request carries the same request id.
    const ids = new Set(lines.filter((l) => l.msg !== 'request completed').map((l) => l.reqId));
    expect(ids.size).toBe(1);
    await app.close();
  });
});
