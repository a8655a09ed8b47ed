import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { bookingIcs, foldLine, icsText, icsUtc } from '../../src/web/booking/booking-ics.ts';
import { bookingRoute, manageLink } from '../../src/web/booking/booking-route.ts';
import { bookingWhen } from '../../src/web/booking/booking-when.ts';
import { addMonths, monthLabel, monthWeeks, slotWindow } from '../../src/web/booking/month-days.ts';
import { clockTime, localDate, slotLabel, spanIn } from '../../src/web/booking/slot-time.ts';
import { slotsByDay } from '../../src/web/booking/slots-by-day.ts';
import { unavailableWords } from '../../src/web/booking/unavailable-message.ts';
import { zoneNote } from '../../src/web/booking/zone-field.ts';

/** The booking page's pure helpers: times in zones, the month grid, 409s in words, the .ics. */

const slot = (start_datetime: string) => ({
  start_datetime,
  end_datetime: start_datetime,
  remaining: 1,
});

describe('times in the client zone', () => {
  // Berlin 15:00 on the Mondays around the spring changes: the US moves on 14 March 2027,
  // Europe on 28 March, so for two weeks New York is five hours behind instead of six.
  it.each([
    ['2027-03-08T15:00:00+01:00', '09:00'],
    ['2027-03-15T15:00:00+01:00', '10:00'],
    ['2027-03-22T15:00:00+01:00', '10:00'],
    ['2027-03-29T15:00:00+02:00', '09:00'],
  ])('%s is %s in New York', (start, ny) => {
    expect(clockTime(start, 'America/New_York')).toBe(ny);
  });

  it('names the local date, which may be another day than the specialist’s', () => {
    expect(localDate('2026-12-10T01:00:00+01:00', 'America/New_York')).toBe('2026-12-09');
    expect(localDate('2026-12-10T23:30:00-05:00', 'Asia/Kathmandu')).toBe('2026-12-11');
  });

  it('tells a span, naming the end day when it is another', () => {
    expect(spanIn('2026-12-10T10:15:00+01:00', '2026-12-10T10:45:00+01:00', 'Europe/Berlin')).toBe(
      'Thu 10 Dec 2026, 10:15–10:45',
    );
    expect(spanIn('2026-12-10T23:30:00+01:00', '2026-12-11T00:30:00+01:00', 'Europe/Berlin')).toBe(
      'Thu 10 Dec 2026, 23:30–Fri 11 Dec 00:30',
    );
  });

  it('labels a slot by time on the day looked at, by day and time on another', () => {
    expect(slotLabel('2026-12-10T10:30:00+01:00', '2026-12-10', 'Europe/Berlin')).toBe('10:30');
    expect(slotLabel('2026-12-11T09:00:00+01:00', '2026-12-10', 'Europe/Berlin')).toBe(
      'Fri 11 Dec 09:00',
    );
  });

  it('says the booking in both zones only when they differ', () => {
    const [s, e] = ['2027-03-22T15:00:00+01:00', '2027-03-22T16:00:00+01:00'];
    expect(bookingWhen(s, e, 'Europe/Berlin', 'Europe/Berlin')).toEqual([
      'Mon 22 Mar 2027, 15:00–16:00 (Europe/Berlin)',
    ]);
    expect(bookingWhen(s, e, 'America/New_York', 'Europe/Berlin')).toEqual([
      'Mon 22 Mar 2027, 10:00–11:00 your time (America/New_York)',
      'Mon 22 Mar 2027, 15:00–16:00 for the specialist (Europe/Berlin)',
    ]);
    expect(zoneNote('Europe/Berlin', 'Europe/Berlin', 'Dr. Rivera')).toBe('');
    expect(zoneNote('America/New_York', 'Europe/Berlin', 'Dr. Rivera')).toBe(
      'Times are shown in America/New_York. Dr. Rivera works in Europe/Berlin.',
    );
  });
});

describe('the month picker’s arithmetic', () => {
  it('steps months across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2026-12', 15)).toBe('2028-03');
    expect(monthLabel('2027-03')).toBe('March 2027');
  });

  it('lays a month out in Monday-first weeks', () => {
    const weeks = monthWeeks('2026-12'); // 1 December 2026 is a Tuesday
    expect(weeks).toHaveLength(5);
    expect(weeks[0]).toEqual([
      null,
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    expect(weeks[4]).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      null,
      null,
      null,
    ]);
    expect(monthWeeks('2027-02').flat().filter(Boolean)).toHaveLength(28);
  });

  it('asks for two specialist days either side of the client’s month', () => {
    expect(slotWindow('2026-12')).toEqual({ start: '2026-11-29', end: '2027-01-02' });
    expect(slotWindow('2027-02')).toEqual({ start: '2027-01-30', end: '2027-03-02' });
  });

  it('groups slots by the client’s day, keeping only the month', () => {
    const slots = [
      slot('2026-11-30T20:00:00-05:00'), // 1 December in Berlin: November in New York
      slot('2026-12-01T09:00:00-05:00'),
      slot('2026-12-01T19:30:00-05:00'),
      slot('2026-12-31T19:00:00-05:00'),
      slot('2027-01-01T09:00:00-05:00'),
    ];
    const days = slotsByDay(slots, 'America/New_York', '2026-12');
    expect([...days.keys()]).toEqual(['2026-12-01', '2026-12-31']);
    expect(days.get('2026-12-01')).toHaveLength(2);
    // In Berlin the first slot is on 1 December and the 31 December evening one on 1 January.
    expect([...slotsByDay(slots, 'Europe/Berlin', '2026-12').keys()]).toEqual([
      '2026-12-01',
      '2026-12-02',
    ]);
  });
});

describe('a 409 slot_unavailable in words', () => {
  const next = [
    slot('2026-12-10T10:30:00+01:00'),
    slot('2026-12-10T10:45:00+01:00'),
    slot('2026-12-10T11:30:00+01:00'),
  ];
  const requested = '2026-12-10T10:15:00+01:00';

  it('says the issue’s own example', () => {
    expect(
      unavailableWords({ reason: 'fully_booked', next_slots: next }, requested, 'Europe/Berlin'),
    ).toEqual({
      why: 'Someone just booked 10:15.',
      next: 'Next free:',
      slots: ['10:30', '10:45', '11:30'],
    });
  });

  it.each([
    ['held', 'Someone else is booking 10:15 right now.'],
    ['too_soon', '10:15 is too soon to book now.'],
    ['too_far', '10:15 is too far ahead to book yet.'],
    ['buffer', '10:15 is now too close to another booking.'],
    ['daily_limit', 'Thu 10 Dec is fully booked for this service.'],
    ['busy_elsewhere', 'The specialist is no longer free at 10:15.'],
    ['outside_availability', '10:15 is no longer offered.'],
    ['something_new', '10:15 cannot be booked.'],
  ])('%s: %s', (reason, why) => {
    expect(unavailableWords({ reason, next_slots: next }, requested, 'Europe/Berlin').why).toBe(
      why,
    );
  });

  it('names the day of next slots on another day, in the client’s zone', () => {
    const words = unavailableWords(
      { reason: 'daily_limit', next_slots: [slot('2026-12-11T09:00:00+01:00')] },
      requested,
      'America/New_York',
    );
    expect(words).toEqual({
      why: 'Thu 10 Dec is fully booked for this service.',
      next: 'Next free:',
      slots: ['Fri 11 Dec 03:00'],
    });
  });

  it('says what to do when nothing is offered', () => {
    expect(
      unavailableWords({ reason: 'too_far', next_slots: [] }, requested, 'Europe/Berlin').next,
    ).toBe('Nothing else is free soon after it: please pick another day.');
  });
});

describe('the "Add to calendar" file', () => {
  const ics = bookingIcs({
    id: 12,
    start_datetime: '2026-12-08T10:15:00+01:00',
    end_datetime: '2026-12-08T10:45:00+01:00',
    summary: 'Consultation, first visit; with Dr. Rivera',
    description:
      'To cancel or reschedule: https://book.example.org/book/manage/12?specialist=3&token=abcdefghijklmnopqrstuvwxyz0123456789',
    url: 'https://book.example.org/book/manage/12?specialist=3&token=abc',
    host: 'book.example.org',
    nowMs: Date.parse('2026-12-02T10:00:00Z'),
  });

  it('is one VEVENT with UTC times that ical.js reads back', () => {
    const cal = new ICAL.Component(ICAL.parse(ics));
    const events = cal.getAllSubcomponents('vevent');
    expect(events).toHaveLength(1);
    const event = new ICAL.Event(events[0]);
    expect(event.uid).toBe('booking-12@book.example.org');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-08T09:15:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-08T09:45:00.000Z');
    expect(event.summary).toBe('Consultation, first visit; with Dr. Rivera');
    expect(event.description).toContain('token=abcdefghijklmnopqrstuvwxyz0123456789');
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
  });

  it('ends lines with CRLF and folds them at 75 octets', () => {
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
    for (const line of ics.split('\r\n'))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(ics).toContain('DTSTART:20261208T091500Z\r\n');
    expect(ics).toContain('DTSTAMP:20261202T100000Z\r\n');
  });

  it('escapes text and never folds inside a character', () => {
    expect(icsText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
    expect(icsUtc(Date.parse('2027-03-14T07:30:00Z'))).toBe('20270314T073000Z');
    const folded = foldLine(`SUMMARY:${'é'.repeat(60)}`);
    for (const part of folded.split('\r\n '))
      expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'é'.repeat(60)}`);
  });
});

describe('booking page addresses', () => {
  it.each([
    ['/book/3', '', { page: 'book', specialistId: 3, serviceId: null }],
    ['/book/3/', '', { page: 'book', specialistId: 3, serviceId: null }],
    ['/book/3/7', '', { page: 'book', specialistId: 3, serviceId: 7 }],
    [
      '/book/manage/12',
      '?specialist=3&token=t0k',
      { page: 'manage', specialistId: 3, bookingId: 12, token: 't0k' },
    ],
    ['/book/manage/12', '?token=t0k', { page: 'unknown' }],
    ['/book/manage/12', '?specialist=3', { page: 'unknown' }],
    ['/book/x', '', { page: 'unknown' }],
    ['/book/3/7/9', '', { page: 'unknown' }],
    ['/book/0', '', { page: 'unknown' }],
  ])('%s%s', (path, search, route) => {
    expect(bookingRoute(path, search)).toEqual(route);
  });

  it('makes the manage link the route reads back', () => {
    const link = new URL(manageLink('https://x.org', 3, 12, 'a+b/c='));
    expect(link.toString()).toBe('https://x.org/book/manage/12?specialist=3&token=a%2Bb%2Fc%3D');
    expect(bookingRoute(link.pathname, link.search)).toEqual({
      page: 'manage',
      specialistId: 3,
      bookingId: 12,
      token: 'a+b/c=',
    });
  });
});
