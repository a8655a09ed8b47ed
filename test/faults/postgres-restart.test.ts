import { mondayWeeksFromNow } from '../support/dates.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivatePostgres } from '../support/private-postgres.ts';
import { freePort, request, spawnServer, stopServer } from '../support/test-server.ts';

describe('PostgreSQL restarted under load', () => {
  let pg: PrivatePostgres;
  let server: Awaited<ReturnType<typeof spawnServer>>;

  beforeAll(async () => {
    pg = new PrivatePostgres(await freePort());
    pg.init();
    pg.start();
    server = await spawnServer(pg.url, await freePort());
  }, 120_000);

  afterAll(async () => {
    if (server) await stopServer(server.child);
    pg?.destroy();
  });

  it('requests fail cleanly with 503 while it is down and recover without restarting Recurra', async () => {
    const base = server.baseUrl;
    const sp = (
      await request(base, 'POST', '/specialist', { name: 'Load', timezone: 'Europe/Berlin' })
    ).body.id as number;
    await request(base, 'POST', `/specialist/${sp}/schedules`, {
      title: 'Daily',
      start_datetime: `${mondayWeeksFromNow(0, 'Europe/Berlin')}T08:00`,
      end_datetime: `${mondayWeeksFromNow(0, 'Europe/Berlin')}T09:00`,
      recurrence_rule: 'FREQ=DAILY',
    });
    const statuses: number[] = [];
    let stop = false;
    const load = (async () => {
      let week = 0;
      while (!stop) {
        const start = mondayWeeksFromNow(1 + (week++ % 50), 'Europe/Berlin');
        try {
          const res = await request(
            base,
            'GET',
            `/specialist/${sp}/calendar-instances?start_date=${start}`,
          );
          statuses.push(res.status);
          if (res.status !== 200) expect(res.body.error.code).toBe('service_unavailable');
        } catch {
          statuses.push(-1); // the server itself must never drop a connection
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    pg.stop();
    await new Promise((r) => setTimeout(r, 1500));
    const health = await request(base, 'GET', '/health');
    expect(health.status).toBe(503);
    pg.start();
    // Recovery: healthy again within a few seconds, same process.
    let healthy = false;
    for (let i = 0; i < 50 && !healthy; i++) {
      healthy = (await request(base, 'GET', '/health')).status === 200;
      if (!healthy) await new Promise((r) => setTimeout(r, 200));
    }
    expect(healthy).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    stop = true;
    await load;
    expect(server.child.exitCode).toBeNull();
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(statuses).toContain(503);
    expect(statuses[statuses.length - 1]).toBe(200);
  });
});
