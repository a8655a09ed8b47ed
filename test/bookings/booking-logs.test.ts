import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock.ts';
import { createContext } from '../../src/context.ts';
import { buildApp } from '../../src/http/app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases.ts';
import { NOW } from '../support/test-server.ts';

const EMAIL = 'ada.lovelace@example.org';

/**
 * Bookings hold names and e-mail addresses, and their tokens let anyone manage them: the logs
 * name the booking by id, at every level, and never carry the e-mail or a token.
 */
describe.each(DIALECTS)('booking logs on %s', (dialect) => {
  let db: TestDatabase;
  afterEach(async () => db.drop());

  it('name the booking id and never the e-mail address, the cancel token or the hold token', async () => {
    db = await createTestDatabase(dialect);
    const out: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        out.push(chunk.toString());
        done();
      },
    });
    const app = buildApp(
      createContext(db.storage, { clock: fixedClock(NOW), defaultMetrics: false }),
      { logger: { level: 'trace', stream } },
    );
    const call = async (
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
      url: string,
      payload?: object,
    ) => {
      const res = await app.inject({ method, url, ...(payload && { payload }) });
      return {
        status: res.statusCode,
        body: res.body ? res.json() : {},
      };
    };
    const sp = (await call('POST', '/specialist', { name: 'Logs', timezone: 'Europe/Berlin' })).body
      .id as number;
    await call('POST', `/specialist/${sp}/schedules`, {
      title: 'Days',
      start_datetime: '2026-12-07T09:00',
      end_datetime: '2026-12-07T17:00',
      recurrence_rule: 'FREQ=DAILY',
    });
    const svc = (
      await call('POST', `/specialist/${sp}/services`, { name: 'Talk', duration_minutes: 30 })
    ).body.id as number;
    const hold = await call('POST', `/specialist/${sp}/holds`, {
      service_id: svc,
      start_datetime: '2026-12-08T10:00',
    });
    expect(hold.status).toBe(201);
    const holdToken = hold.body.hold_token as string;
    const booked = await call('POST', `/specialist/${sp}/bookings`, {
      service_id: svc,
      start_datetime: '2026-12-08T10:00',
      hold_token: holdToken,
      client: { name: 'Ada Lovelace', email: EMAIL },
    });
    expect(booked.status).toBe(201);
    const id = booked.body.id as number;
    const token = booked.body.cancel_token as string;
    // Refused: the same slot again, with the same e-mail.
    const refused = await call('POST', `/specialist/${sp}/bookings`, {
      service_id: svc,
      start_datetime: '2026-12-08T10:00',
      client: { name: 'Ada Lovelace', email: EMAIL },
    });
    expect(refused.status).toBe(409);
    expect(
      (await call('GET', `/specialist/${sp}/bookings/${id}?cancel_token=${token}`)).status,
    ).toBe(200);
    const moved = await call('PATCH', `/specialist/${sp}/bookings/${id}?cancel_token=${token}`, {
      start_datetime: '2026-12-08T11:00',
    });
    expect(moved.status).toBe(200);
    expect(
      (await call('DELETE', `/specialist/${sp}/bookings/${id}?cancel_token=${token}`)).status,
    ).toBe(204);
    await app.close();

    const text = out.join('');
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.booking_id === id)).toBe(true);
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain(token);
    expect(text).not.toContain(holdToken);
  });
});
