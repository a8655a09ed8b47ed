import type { EventInput } from '@fullcalendar/core';
import type { Booking } from './booking/booking-api.ts';
import { wallInZone } from './zoned-time.ts';

/** What a booking's block carries. */
export interface BookingProps {
  readonly booking: Booking;
  readonly serviceName: string;
}

/** "Ada Lovelace · Consultation": who and what, as a booking's block and list line say it. */
export function bookingTitle(b: Booking, serviceName: string): string {
  return `${b.client.name} · ${serviceName}`;
}

/**
 * A FullCalendar event for a confirmed booking, drawn over the availability at its instant in
 * the grid's zone. It moves (reschedules) but keeps its length: the service decides that.
 * Classes: `is-booking`, and `is-outside` when it no longer lies in the availability.
 * @example toBookingEvent(booking, 'Consultation', 'Europe/Berlin').id → 'booking-12'
 */
export function toBookingEvent(b: Booking, serviceName: string, zone: string): EventInput {
  const props: BookingProps = { booking: b, serviceName };
  return {
    id: `booking-${b.id}`,
    title: bookingTitle(b, serviceName),
    start: wallInZone(b.start_datetime, zone),
    end: wallInZone(b.end_datetime, zone),
    editable: true,
    durationEditable: false,
    classNames: ['is-booking', ...(b.outside_availability ? ['is-outside'] : [])],
    extendedProps: props,
  };
}

/** Whether an event's props are a booking's (else an availability block's). */
export function isBookingProps(props: unknown): props is BookingProps {
  return typeof props === 'object' && props !== null && 'booking' in props;
}
