import ICAL from 'ical.js';
import type { Booking } from '../bookings/booking.ts';
import { atInstant, extensionText, PRODID, serialize, text, utc } from './build-calendar.ts';
import { buildVTimezone } from './vtimezone.ts';

/** What the bookings feed shows of one booking: the booking and its service's name. */
export interface FeedBooking {
  readonly booking: Booking;
  readonly serviceName: string;
}

/**
 * A specialist's bookings as iCalendar (RFC 5545): one VEVENT per booking, confirmed or
 * cancelled (`STATUS`), the client's name in SUMMARY and e-mail as ATTENDEE, times with the
 * specialist's TZID. Pure: the same bookings give the same bytes.
 *
 * @example buildBookingsCalendar({ name: 'Dr. Rivera', timeZone: 'Europe/Berlin', bookings: [] })
 */
export function buildBookingsCalendar(input: {
  name: string;
  timeZone: string;
  bookings: readonly FeedBooking[];
}): string {
  const cal = new ICAL.Component('vcalendar');
  cal.addPropertyWithValue('prodid', PRODID);
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('calscale', 'GREGORIAN');
  cal.addProperty(extensionText('x-wr-calname', `${input.name}: bookings`));
  const years = input.bookings.map((b) => new Date(b.booking.startMs).getUTCFullYear());
  const from = years.length ? Math.min(...years) - 1 : new Date().getUTCFullYear();
  const to = years.length ? Math.max(...years) + 1 : from + 1;
  cal.addSubcomponent(buildVTimezone(input.timeZone, from, to));
  for (const { booking: b, serviceName } of input.bookings) {
    const e = new ICAL.Component('vevent');
    e.addProperty(text('uid', `booking-${b.id}@recurra`));
    e.addProperty(new ICAL.Property(['dtstamp', {}, 'date-time', utc(b.updatedAt)]));
    e.addPropertyWithValue('sequence', b.sequence);
    e.addProperty(atInstant('dtstart', b.startMs, input.timeZone));
    e.addProperty(atInstant('dtend', b.endMs, input.timeZone));
    e.addProperty(text('summary', `${b.client.name} — ${serviceName}`));
    e.addPropertyWithValue('status', b.status === 'confirmed' ? 'CONFIRMED' : 'CANCELLED');
    const attendee = new ICAL.Property('attendee');
    attendee.setParameter('cn', b.client.name);
    attendee.setValue(`mailto:${b.client.email}`);
    e.addProperty(attendee);
    if (b.notes) e.addProperty(text('description', b.notes));
    cal.addSubcomponent(e);
  }
  return serialize(cal);
}
