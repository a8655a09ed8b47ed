import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { createSpecialist } from '../support/fixtures.ts';
import { ManualClock, NOW, startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Services, slots, holds and bookings over HTTP. The clock starts at Wednesday 2 December 2026,
 * 10:00 UTC and is moved by hand where holds expire. Availability: weekdays 09:00–12:00 Berlin
 * from Monday 7 December.
 */
const WEEK = { start_date: '2026-12-07', end_date: '2026-12-13' };

describe.each(DIALECTS)('bookings on %s', (dialect) => {
  let server: TestServer;
  let clock: ManualClock;
  let sp: number;
  let schedule: number;

  const api = async (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => server.request(method, path, body, headers);
  const ok = async (method: string, path: string, body?: unknown, status = 200) => {
    const res = await api(method, path, body);
    expect(res.status, `${method} ${path} → ${JSON.stringify(res.body)}`).toBe(status);
    return res.body;
  };
  const createService = (body: Record<string, unknown>) =>
    ok(
      'POST',
      `/specialist/${sp}/services`,
      { name: 'Consultation', duration_minutes: 30, ...body },
      201,
    );
  const slots = async (serviceId: number, q: Record<string, string> = WEEK) =>
    (
      await ok(
        'GET',
        `/specialist/${sp}/slots?${new URLSearchParams({ service_id: String(serviceId), ...q })}`,
      )
    ).slots as Array<{ start_datetime: string; end_datetime: string; remaining: number }>;
  const book = (
    serviceId: number,
    start: string,
    extra: Record<string, unknown> = {},
    headers?: Record<string, string>,
  ) =>
    api(
      'POST',
      `/specialist/${sp}/bookings`,
      {
        service_id: serviceId,
        start_datetime: start,
        client: { name: 'Ada Lovelace', email: 'ada@example.org' },
        ...extra,
      },
      headers,
    );

  beforeEach(async () => {
    clock = new ManualClock(NOW);
    server = await startTestServer(dialect, { clock });
    sp = await createSpecialist(server, 'Europe/Berlin');
    schedule = (
      await ok(
        'POST',
        `/specialist/${sp}/schedules`,
        {
          title: 'Mornings',
          start_datetime: '2026-12-07T09:00',
          end_datetime: '2026-12-07T12:00',
          recurrence_rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
        },
        201,
      )
    ).id as number;
  });
  afterEach(async () => server.close());

  describe('services', () => {
    it('are created with the contract defaults, listed, read, changed and retired', async () => {
      const s = await createService({});
      expect(s).toMatchObject({
        specialist_id: sp,
        name: 'Consultation',
        duration_minutes: 30,
        slot_step_minutes: 30,
        buffer_before_minutes: 0,
        buffer_after_minutes: 0,
        min_notice_minutes: 0,
        max_days_ahead: 60,
        capacity: 1,
        max_per_day: null,
        schedule_ids: null,
        is_active: true,
      });
      expect((await ok('GET', `/specialist/${sp}/services`)).services).toHaveLength(1);
      expect(await ok('GET', `/specialist/${sp}/services/${s.id}`)).toEqual(s);
      const changed = await ok('PATCH', `/specialist/${sp}/services/${s.id}`, {
        capacity: 4,
        schedule_ids: [schedule],
      });
      expect(changed).toMatchObject({
        capacity: 4,
        schedule_ids: [schedule],
        duration_minutes: 30,
      });
      await ok('DELETE', `/specialist/${sp}/services/${s.id}`, undefined, 204);
      await ok('DELETE', `/specialist/${sp}/services/${s.id}`, undefined, 204);
      expect((await ok('GET', `/specialist/${sp}/services`)).services).toEqual([]);
      expect((await api('GET', `/specialist/${sp}/services/${s.id}`)).status).toBe(404);
      expect((await book(s.id, '2026-12-07T09:00')).status).toBe(400);
    });
  });

  describe('slots', () => {
    it('offer the week, with remaining, and an ETag that answers 304 until something changes', async () => {
      const s = await createService({ capacity: 2 });
      const list = await slots(s.id);
      // 5 mornings × 6 half hours.
      expect(list).toHaveLength(30);
      expect(list[0]).toEqual({
        start_datetime: '2026-12-07T09:00:00+01:00',
        end_datetime: '2026-12-07T09:30:00+01:00',
        remaining: 2,
      });
      const first = await api(
        'GET',
        `/specialist/${sp}/slots?service_id=${s.id}&start_date=2026-12-07&end_date=2026-12-13`,
      );
      const etag = first.headers.get('etag') as string;
      const cached = await api(
        'GET',
        `/specialist/${sp}/slots?service_id=${s.id}&start_date=2026-12-07&end_date=2026-12-13`,
        undefined,
        { 'if-none-match': etag },
      );
      expect(cached.status).toBe(304);
      expect((await book(s.id, '2026-12-07T09:00:00+01:00')).status).toBe(201);
      const after = await api(
        'GET',
        `/specialist/${sp}/slots?service_id=${s.id}&start_date=2026-12-07&end_date=2026-12-13`,
        undefined,
        { 'if-none-match': etag },
      );
      expect(after.status).toBe(200);
      expect(after.body.slots[0].remaining).toBe(1);
    });

    it('a 304 ends when time alone changes the answer (a slot falls within the notice)', async () => {
      const s = await createService({ min_notice_minutes: 60 });
      clock.advance(Date.parse('2026-12-07T07:40:00Z') - NOW); // Monday 08:40 Berlin
      const res = await api(
        'GET',
        `/specialist/${sp}/slots?service_id=${s.id}&start_date=2026-12-07&end_date=2026-12-07`,
      );
      expect(res.body.slots[0].start_datetime).toBe('2026-12-07T10:00:00+01:00');
      const etag = res.headers.get('etag') as string;
      const path = `/specialist/${sp}/slots?service_id=${s.id}&start_date=2026-12-07&end_date=2026-12-07`;
      expect((await api('GET', path, undefined, { 'if-none-match': etag })).status).toBe(304);
      clock.advance(21 * 60_000); // 09:01: the 10:00 slot is within the hour's notice now
      const later = await api('GET', path, undefined, { 'if-none-match': etag });
      expect(later.status).toBe(200);
      expect(later.body.slots[0].start_datetime).toBe('2026-12-07T10:30:00+01:00');
    });

    it('refuse windows over 62 days and unknown services', async () => {
      const s = await createService({});
      const long = await api(
        'GET',
        `/specialist/${sp}/slots?service_id=${s.id}&start_date=2026-12-07&end_date=2027-02-28`,
      );
      expect(long.status).toBe(400);
      expect(long.body.error.code).toBe('range_too_large');
      expect((await api('GET', `/specialist/${sp}/slots?service_id=999`)).status).toBe(404);
      expect((await api('GET', `/specialist/${sp}/slots`)).status).toBe(400);
    });
  });

  describe('holds and bookings', () => {
    it('a hold keeps the slot for its owner until it expires; then the slot is free again', async () => {
      const s = await createService({});
      const hold = await ok(
        'POST',
        `/specialist/${sp}/holds`,
        { service_id: s.id, start_datetime: '2026-12-07T09:30' },
        201,
      );
      expect(hold).toMatchObject({
        service_id: s.id,
        start_datetime: '2026-12-07T09:30:00+01:00',
        end_datetime: '2026-12-07T10:00:00+01:00',
        expires_at: '2026-12-02T11:05:00+01:00',
      });
      expect((await slots(s.id)).map((x) => x.start_datetime)).not.toContain(
        '2026-12-07T09:30:00+01:00',
      );
      const taken = await book(s.id, '2026-12-07T09:30');
      expect(taken.status).toBe(409);
      expect(taken.body.error.details.reason).toBe('held');
      expect(
        taken.body.error.details.next_slots.map(
          (x: { start_datetime: string }) => x.start_datetime,
        ),
      ).toEqual([
        '2026-12-07T10:00:00+01:00',
        '2026-12-07T10:30:00+01:00',
        '2026-12-07T11:00:00+01:00',
      ]);
      const mine = await book(s.id, '2026-12-07T09:30', { hold_token: hold.hold_token });
      expect(mine.status).toBe(201);
      // The hold became the booking: gone.
      expect(
        (await api('DELETE', `/specialist/${sp}/holds/${hold.id}?hold_token=${hold.hold_token}`))
          .status,
      ).toBe(404);
      // Another hold expires: its slot comes back.
      const other = await ok(
        'POST',
        `/specialist/${sp}/holds`,
        { service_id: s.id, start_datetime: '2026-12-07T11:00' },
        201,
      );
      expect((await book(s.id, '2026-12-07T11:00')).body.error.details.reason).toBe('held');
      clock.advance(301_000);
      expect((await book(s.id, '2026-12-07T11:00')).status).toBe(201);
      expect(
        (await api('DELETE', `/specialist/${sp}/holds/${other.id}?hold_token=wrong`)).status,
      ).toBe(403);
    });

    it('a hold token of another slot is a 400; releasing a hold frees its slot', async () => {
      const s = await createService({});
      const hold = await ok(
        'POST',
        `/specialist/${sp}/holds`,
        { service_id: s.id, start_datetime: '2026-12-07T09:30' },
        201,
      );
      const wrong = await book(s.id, '2026-12-07T10:00', { hold_token: hold.hold_token });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.details.field).toBe('hold_token');
      await ok(
        'DELETE',
        `/specialist/${sp}/holds/${hold.id}?hold_token=${hold.hold_token}`,
        undefined,
        204,
      );
      expect((await book(s.id, '2026-12-07T09:30')).status).toBe(201);
    });

    it('an Idempotency-Key answers the original booking again; another body with it is a 422', async () => {
      const s = await createService({});
      const key = { 'idempotency-key': 'order-7' };
      const first = await book(s.id, '2026-12-08T09:00', {}, key);
      expect(first.status).toBe(201);
      expect(first.body.cancel_token).toMatch(/^rcb_/);
      const again = await book(s.id, '2026-12-08T09:00', {}, key);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      const other = await book(s.id, '2026-12-08T10:00', {}, key);
      expect(other.status).toBe(422);
      expect(other.body.error.code).toBe('idempotency_mismatch');
      const all = await ok('GET', `/specialist/${sp}/bookings?start_date=2026-12-07`);
      expect(all.bookings).toHaveLength(1);
    });

    it('says why a slot cannot be had: too soon, too far, fully booked, buffer, daily limit, outside', async () => {
      const s = await createService({
        min_notice_minutes: 60 * 24 * 5,
        max_days_ahead: 14,
        max_per_day: 2,
        buffer_after_minutes: 30,
      });
      expect((await book(s.id, '2026-12-07T09:00')).body.error.details.reason).toBe('too_soon');
      expect((await book(s.id, '2026-12-17T09:00')).body.error.details.reason).toBe('too_far');
      expect((await book(s.id, '2026-12-08T09:00')).status).toBe(201);
      expect((await book(s.id, '2026-12-08T09:00')).body.error.details.reason).toBe('fully_booked');
      expect((await book(s.id, '2026-12-08T09:30')).body.error.details.reason).toBe('buffer');
      expect((await book(s.id, '2026-12-08T11:00')).status).toBe(201);
      expect((await book(s.id, '2026-12-08T10:00')).body.error.details.reason).toBe('daily_limit');
      expect((await book(s.id, '2026-12-08T14:00')).body.error.details.reason).toBe(
        'outside_availability',
      );
      const off = await book(s.id, '2026-12-09T09:10');
      expect(off.status).toBe(400);
      expect(off.body.error.message).toMatch(/not on the slot grid/);
    });

    it('reschedules atomically (checked as a new booking), or leaves the booking unchanged', async () => {
      const s = await createService({});
      const a = (await book(s.id, '2026-12-09T09:00')).body;
      const b = (await book(s.id, '2026-12-09T10:00')).body;
      const clash = await api(
        'PATCH',
        `/specialist/${sp}/bookings/${a.id}?cancel_token=${a.cancel_token}`,
        {
          start_datetime: '2026-12-09T10:00',
        },
      );
      expect(clash.status).toBe(409);
      expect(clash.body.error.details.reason).toBe('fully_booked');
      expect(
        (await ok('GET', `/specialist/${sp}/bookings/${a.id}?cancel_token=${a.cancel_token}`))
          .start_datetime,
      ).toBe('2026-12-09T09:00:00+01:00');
      // Its own slot does not count against it: a move by 30 minutes within it is fine.
      const moved = await ok(
        'PATCH',
        `/specialist/${sp}/bookings/${a.id}?cancel_token=${a.cancel_token}`,
        {
          start_datetime: '2026-12-09T09:30',
          notes: 'running late',
        },
      );
      expect(moved).toMatchObject({
        start_datetime: '2026-12-09T09:30:00+01:00',
        notes: 'running late',
      });
      const past = await api('PATCH', `/specialist/${sp}/bookings/${b.id}`, {
        start_datetime: '2026-11-30T09:00',
      });
      expect(past.status).toBe(400);
      expect(
        (
          await api('PATCH', `/specialist/${sp}/bookings/${b.id}?cancel_token=${a.cancel_token}`, {
            notes: 'x',
          })
        ).status,
      ).toBe(403);
    });

    it('cancels (idempotently) by the client token or the specialist; the slot is free again', async () => {
      const s = await createService({});
      const a = (await book(s.id, '2026-12-10T09:00')).body;
      await ok(
        'DELETE',
        `/specialist/${sp}/bookings/${a.id}?cancel_token=${a.cancel_token}`,
        undefined,
        204,
      );
      await ok('DELETE', `/specialist/${sp}/bookings/${a.id}`, undefined, 204);
      expect((await slots(s.id)).map((x) => x.start_datetime)).toContain(
        '2026-12-10T09:00:00+01:00',
      );
      const listed = await ok(
        'GET',
        `/specialist/${sp}/bookings?start_date=2026-12-07&include_cancelled=true`,
      );
      expect(listed.bookings.map((x: { status: string }) => x.status)).toEqual(['cancelled']);
      expect(
        (await ok('GET', `/specialist/${sp}/bookings?start_date=2026-12-07`)).bookings,
      ).toEqual([]);
    });
  });

  describe('availability edits versus bookings', () => {
    it('refuse with has_bookings and change nothing; force goes ahead and marks the booking', async () => {
      const s = await createService({});
      const a = (await book(s.id, '2026-12-08T11:00')).body;
      const edit = { start_datetime: '2026-12-07T08:00', end_datetime: '2026-12-07T10:00' };
      const refused = await api('PATCH', `/specialist/${sp}/schedules/${schedule}`, edit);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('has_bookings');
      expect(refused.body.error.details.bookings).toEqual([
        expect.objectContaining({ id: a.id, start_datetime: '2026-12-08T11:00:00+01:00' }),
      ]);
      expect((await ok('GET', `/specialist/${sp}/schedules/${schedule}`)).start_datetime).toBe(
        '2026-12-07T09:00:00+01:00',
      );
      // Cancelling that morning, or deleting the series, is refused the same way.
      const instances = (
        await ok(
          'GET',
          `/specialist/${sp}/calendar-instances?start_date=2026-12-08&end_date=2026-12-08`,
        )
      ).instances;
      expect((await api('DELETE', `/specialist/${sp}/instances/${instances[0].id}`)).status).toBe(
        409,
      );
      expect((await api('DELETE', `/specialist/${sp}/schedules/${schedule}`)).status).toBe(409);
      await ok('PATCH', `/specialist/${sp}/schedules/${schedule}?force=true`, edit);
      const kept = await ok('GET', `/specialist/${sp}/bookings/${a.id}`);
      expect(kept).toMatchObject({
        status: 'confirmed',
        outside_availability: true,
        start_datetime: '2026-12-08T11:00:00+01:00',
      });
    });
  });

  describe('free/busy', () => {
    it('equals slots and bookings for the same data; an unknown specialist is an error of its own entry', async () => {
      const s = await createService({ buffer_after_minutes: 15 });
      await book(s.id, '2026-12-07T10:00');
      const fb = await ok('POST', '/free-busy', {
        specialist_ids: [sp, 999999],
        time_min: '2026-12-07T00:00:00Z',
        time_max: '2026-12-08T00:00:00Z',
      });
      expect(fb.specialists[String(sp)]).toEqual({
        timezone: 'Europe/Berlin',
        busy: [{ start: '2026-12-07T10:00:00+01:00', end: '2026-12-07T10:45:00+01:00' }],
        free: [
          { start: '2026-12-07T09:00:00+01:00', end: '2026-12-07T10:00:00+01:00' },
          { start: '2026-12-07T10:45:00+01:00', end: '2026-12-07T12:00:00+01:00' },
        ],
        errors: [],
      });
      expect(fb.specialists['999999']).toEqual({
        busy: [],
        free: [],
        errors: [{ reason: 'not_found' }],
      });
      const withService = await ok('POST', '/free-busy', {
        specialist_ids: [sp],
        time_min: '2026-12-07T00:00:00Z',
        time_max: '2026-12-08T00:00:00Z',
        service_id: s.id,
      });
      const offered = await slots(s.id, { start_date: '2026-12-07', end_date: '2026-12-07' });
      expect(withService.specialists[String(sp)].free).toEqual([
        { start: offered[0]?.start_datetime, end: '2026-12-07T09:30:00+01:00' },
        { start: '2026-12-07T11:00:00+01:00', end: '2026-12-07T12:00:00+01:00' },
      ]);
      expect(JSON.stringify(fb)).not.toMatch(/ada@example\.org|Lovelace/);
      const tooMany = await api('POST', '/free-busy', {
        specialist_ids: Array.from({ length: 51 }, (_, i) => i + 1),
        time_min: '2026-12-07T00:00:00Z',
        time_max: '2026-12-08T00:00:00Z',
      });
      expect(tooMany.body.error.code).toBe('range_too_large');
      const tooLong = await api('POST', '/free-busy', {
        specialist_ids: [sp],
        time_min: '2026-12-07T00:00:00Z',
        time_max: '2027-02-08T00:00:00Z',
      });
      expect(tooLong.body.error.code).toBe('range_too_large');
    });
  });

  describe('the bookings feed', () => {
    it('lists bookings as VEVENTs with status, the client as SUMMARY and ATTENDEE, with an ETag', async () => {
      const s = await createService({});
      const a = (await book(s.id, '2026-12-11T09:00', { notes: 'first visit' })).body;
      const b = (await book(s.id, '2026-12-11T10:00')).body;
      await ok('DELETE', `/specialist/${sp}/bookings/${b.id}`, undefined, 204);
      const res = await api('GET', `/specialist/${sp}/bookings.ics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const cal = new ICAL.Component(ICAL.parse(res.body as string) as unknown[]);
      const events = cal.getAllSubcomponents('vevent').map((v) => ({
        uid: v.getFirstPropertyValue('uid'),
        status: v.getFirstPropertyValue('status'),
        summary: v.getFirstPropertyValue('summary'),
        attendee: v.getFirstPropertyValue('attendee'),
        start: (v.getFirstPropertyValue('dtstart') as ICAL.Time).toString(),
      }));
      expect(events).toEqual([
        {
          uid: `booking-${a.id}@recurra`,
          status: 'CONFIRMED',
          summary: 'Ada Lovelace — Consultation',
          attendee: 'mailto:ada@example.org',
          start: '2026-12-11T09:00:00',
        },
        {
          uid: `booking-${b.id}@recurra`,
          status: 'CANCELLED',
          summary: 'Ada Lovelace — Consultation',
          attendee: 'mailto:ada@example.org',
          start: '2026-12-11T10:00:00',
        },
      ]);
      const etag = res.headers.get('etag') as string;
      expect(
        (await api('GET', `/specialist/${sp}/bookings.ics`, undefined, { 'if-none-match': etag }))
          .status,
      ).toBe(304);
    });
  });

  describe('bad input: a clear 400 and nothing written', () => {
    it.each([
      ['a duration below 5', { duration_minutes: 4 }, /duration_minutes/],
      ['a duration over 720', { duration_minutes: 721 }, /duration_minutes/],
      ['a step of 0', { slot_step_minutes: 0 }, /slot_step_minutes/],
      ['a buffer over 240', { buffer_after_minutes: 241 }, /buffer_after_minutes/],
      ['a negative notice', { min_notice_minutes: -1 }, /min_notice_minutes/],
      ['max_days_ahead 0', { max_days_ahead: 0 }, /max_days_ahead/],
      ['max_days_ahead 731', { max_days_ahead: 731 }, /max_days_ahead/],
      ['capacity 0', { capacity: 0 }, /capacity/],
      ['capacity 1001', { capacity: 1001 }, /capacity/],
      ['max_per_day 0', { max_per_day: 0 }, /max_per_day/],
      ['a fractional duration', { duration_minutes: 30.5 }, /duration_minutes/],
      ['a duration as text', { duration_minutes: '30' }, /duration_minutes/],
      ['no schedules named', { schedule_ids: [] }, /schedule_ids/],
      ['a schedule of nobody', { schedule_ids: [999999] }, /schedule_ids/],
      ['an empty name', { name: '  ' }, /name/],
      ['an unknown field', { colour: 'red' }, /colour/],
    ])('a service with %s', async (_name, body, message) => {
      const res = await api('POST', `/specialist/${sp}/services`, {
        name: 'X',
        duration_minutes: 30,
        ...body,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
      expect(res.body.error.message).toMatch(message);
      expect((await ok('GET', `/specialist/${sp}/services`)).services).toEqual([]);
    });

    it.each([
      [
        'an e-mail that is not one',
        { client: { name: 'A', email: 'not-an-email' } },
        /client.email/,
      ],
      [
        'an e-mail with spaces',
        { client: { name: 'A', email: 'a b@example.org' } },
        /client.email/,
      ],
      ['no client', { client: undefined }, /client/],
      ['an empty client name', { client: { name: ' ', email: 'a@example.org' } }, /client.name/],
      ['a malformed start', { start_datetime: 'tomorrow' }, /start_datetime/],
      ['an offset beyond ±18:00', { start_datetime: '2026-12-08T09:00+24:00' }, /offset/],
      ['an unknown service', { service_id: 999999 }, /service_id/],
      ['notes too long', { notes: 'x'.repeat(2001) }, /notes/],
    ])('a booking with %s', async (_name, body, message) => {
      const s = await createService({});
      const res = await api('POST', `/specialist/${sp}/bookings`, {
        service_id: s.id,
        start_datetime: '2026-12-08T09:00',
        client: { name: 'Ada', email: 'ada@example.org' },
        ...body,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(
        (await ok('GET', `/specialist/${sp}/bookings?start_date=2026-12-07`)).bookings,
      ).toEqual([]);
    });

    it('a service of another specialist is not bookable here', async () => {
      const other = await createSpecialist(server, 'Europe/Berlin', 'Other');
      const theirs = await ok(
        'POST',
        `/specialist/${other}/services`,
        { name: 'Theirs', duration_minutes: 30 },
        201,
      );
      const res = await book(theirs.id, '2026-12-08T09:00');
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toBe('service_id');
    });
  });

  it('counts bookings and holds in the metrics', async () => {
    const s = await createService({});
    await book(s.id, '2026-12-08T09:00');
    await book(s.id, '2026-12-08T09:00');
    await ok(
      'POST',
      `/specialist/${sp}/holds`,
      { service_id: s.id, start_datetime: '2026-12-08T10:00' },
      201,
    );
    await slots(s.id);
    const text = (await api('GET', '/metrics')).body as string;
    expect(text).toContain('recurra_bookings_total{result="created"} 1');
    expect(text).toContain('recurra_bookings_total{result="conflict"} 1');
    expect(text).toContain('recurra_holds_total{result="created"} 1');
    expect(text).toMatch(/recurra_slot_computation_duration_seconds_count [1-9]/);
  });
});
