import { describe, expect, it } from 'vitest';
import type { Booking, Service } from '../../src/web/booking/booking-api.ts';
import { isBookingProps, toBookingEvent } from '../../src/web/booking-event.ts';
import { serviceBody, serviceFields, serviceSummary } from '../../src/web/service-form.ts';
import { strandedWords } from '../../src/web/stranded-bookings.ts';

/** The calendar's pure helpers for bookings: their blocks, has_bookings in words, the service form. */

const BOOKING: Booking = {
  id: 12,
  specialist_id: 3,
  service_id: 7,
  start_datetime: '2026-12-08T10:15:00+01:00',
  end_datetime: '2026-12-08T10:45:00+01:00',
  status: 'confirmed',
  client: { name: 'Ada Lovelace', email: 'ada@example.org' },
  notes: null,
  outside_availability: false,
};

describe('a booking on the grid', () => {
  it('sits at its instant in the grid’s zone, named by client and service', () => {
    const e = toBookingEvent(BOOKING, 'Consultation', 'America/New_York');
    expect(e).toMatchObject({
      id: 'booking-12',
      title: 'Ada Lovelace · Consultation',
      start: '2026-12-08T04:15:00',
      end: '2026-12-08T04:45:00',
      durationEditable: false,
      classNames: ['is-booking'],
    });
    expect(isBookingProps(e.extendedProps)).toBe(true);
    expect(isBookingProps({ instance: {} })).toBe(false);
  });

  it('is marked when it lies outside the availability', () => {
    const e = toBookingEvent({ ...BOOKING, outside_availability: true }, 'Consultation', 'UTC');
    expect(e.classNames).toEqual(['is-booking', 'is-outside']);
  });
});

describe('a 409 has_bookings in words', () => {
  const names = new Map([[7, 'Consultation']]);
  it('names each booking, its time in the grid’s zone and its service', () => {
    expect(strandedWords([BOOKING], names, 'Europe/Berlin')).toEqual({
      summary: 'This change would leave 1 booking outside your availability:',
      lines: ['Tue 8 Dec 10:15–10:45 Ada Lovelace (Consultation)'],
      after: 'The booking stays as it is; you may want to contact the client.',
    });
  });

  it('counts several, and leaves out a service it does not know', () => {
    const words = strandedWords(
      [BOOKING, { ...BOOKING, id: 13, service_id: 99, client: { name: 'Grace Hopper' } }],
      names,
      'Europe/London',
    );
    expect(words.summary).toBe('This change would leave 2 bookings outside your availability:');
    expect(words.lines).toEqual([
      'Tue 8 Dec 09:15–09:45 Ada Lovelace (Consultation)',
      'Tue 8 Dec 09:15–09:45 Grace Hopper',
    ]);
  });
});

describe('the service form', () => {
  const fields = { ...serviceFields(), name: ' Consultation ' };

  it('starts from the contract’s defaults', () => {
    expect(serviceBody(fields)).toEqual({
      ok: true,
      body: {
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
      },
    });
  });

  it('reads a service back into the same body', () => {
    const service: Service = {
      id: 7,
      specialist_id: 3,
      name: 'Group',
      duration_minutes: 60,
      slot_step_minutes: 30,
      buffer_before_minutes: 5,
      buffer_after_minutes: 10,
      min_notice_minutes: 120,
      max_days_ahead: 90,
      capacity: 8,
      max_per_day: 2,
      schedule_ids: [4, 2],
      is_active: true,
    };
    const { id: _i, specialist_id: _s, is_active: _a, ...body } = service;
    expect(serviceBody(serviceFields(service))).toEqual({
      ok: true,
      body: { ...body, schedule_ids: [2, 4] },
    });
    expect(service.schedule_ids).toEqual([4, 2]); // not sorted in place
    expect(serviceSummary(service)).toBe('60 min, every 30 min, 8 places, at most 2 a day');
  });

  it.each([
    [{ name: '  ' }, 'Give the service a name.'],
    [{ duration_minutes: '4' }, 'Duration must be a whole number from 5 to 720.'],
    [{ slot_step_minutes: '7.5' }, 'Start every must be a whole number from 5 to 720.'],
    [{ buffer_after_minutes: '241' }, 'Buffer after must be a whole number from 0 to 240.'],
    [{ max_days_ahead: '' }, 'Bookable days ahead must be a whole number from 1 to 730.'],
    [{ capacity: '0' }, 'Places per slot must be a whole number from 1 to 1000.'],
    [{ max_per_day: '0' }, 'Most per day must be a whole number from 1 to 100000.'],
  ])('refuses %o in words', (change, error) => {
    expect(serviceBody({ ...fields, ...change })).toEqual({ ok: false, error });
  });
});
