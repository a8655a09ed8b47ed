import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../src/domain/clock.ts';
import { createContext } from '../../src/context.ts';
import { buildApp } from '../../src/http/app.ts';
import { ViewLogSummary } from '../../src/http/view-log-summary.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { NOW } from '../support/test-server.ts';

function captureLogger() {
  const lines: Array<{ obj: object; msg: string }> = [];
  return { lines, info: (obj: object, msg: string) => lines.push({ obj, msg }) };
}

describe('the summary line of calendar views', () => {
  afterEach(() => vi.useRealTimers());

  it('counts the period’s views and 304s with the median and p95 duration, then starts over', () => {
    const log = captureLogger();
    const summary = new ViewLogSummary(log);
    for (const [status, ms] of [
      [200, 4],
      [200, 1],
      [304, 2],
      [200, 3],
    ] as const)
      summary.record(status, ms);
    summary.flush();
    expect(log.lines).toEqual([
      { obj: { views: 4, not_modified: 1, p50_ms: 3, p95_ms: 4 }, msg: 'calendar views' },
    ]);
    summary.flush();
    expect(log.lines).toHaveLength(1);
  });

  it('is written by its timer every period, and once more when stopped', () => {
    vi.useFakeTimers();
    const log = captureLogger();
    const summary = new ViewLogSummary(log);
    const stop = summary.every(60);
    summary.record(200, 1);
    vi.advanceTimersByTime(59_000);
    expect(log.lines).toHaveLength(0);
    vi.advanceTimersByTime(1_000);
    expect(log.lines.map((l) => l.obj)).toEqual([
      { views: 1, not_modified: 0, p50_ms: 1, p95_ms: 1 },
    ]);
    summary.record(304, 2);
    stop();
    expect(log.lines).toHaveLength(2);
    vi.advanceTimersByTime(120_000);
    expect(log.lines).toHaveLength(2);
  });
});

describe('logs of calendar views at info level', () => {
  let db: TestDatabase;
  afterEach(async () => db.drop());

  it('write no line per view, and one summary line for the period when the server closes', async () => {
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
      { logger: { level: 'info', stream }, viewLogSeconds: 3600 },
    );
    const sp = (
      await app.inject({
        method: 'POST',
        url: '/specialist',
        payload: { name: 'Logs', timezone: 'Europe/Berlin' },
      })
    ).json<{ id: number }>().id;
    const url = `/specialist/${sp}/calendar-instances?start_date=2026-12-07`;
    const first = await app.inject({ method: 'GET', url });
    await app.inject({ method: 'GET', url });
    const conditional = await app.inject({
      method: 'GET',
      url,
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(conditional.statusCode).toBe(304);
    expect(lines.filter((l) => l.msg === 'calendar view' || l.msg === 'calendar views')).toEqual(
      [],
    );
    await app.close();
    expect(lines.filter((l) => l.msg === 'calendar views')).toEqual([
      expect.objectContaining({ level: 30, views: 3, not_modified: 1 }),
    ]);
  });
});
