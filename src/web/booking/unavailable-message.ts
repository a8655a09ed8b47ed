import { dayLabel } from '../wall-time.ts';
import { clockTime, localDate, slotLabel } from './slot-time.ts';

/** The `reason` of a 409 `slot_unavailable` (bookings.md). */
export type UnavailableReason =
  | 'outside_availability'
  | 'fully_booked'
  | 'too_soon'
  | 'too_far'
  | 'buffer'
  | 'daily_limit'
  | 'held'
  | 'busy_elsewhere';

/** What a 409 `slot_unavailable` carries in `details`. */
export interface UnavailableDetails {
  readonly reason: string;
  readonly next_slots: readonly { readonly start_datetime: string }[];
}

/** What the client reads: why, and what to say before the offered slots. */
export interface UnavailableWords {
  readonly why: string;
  /** "Next free:" before the buttons, or what to do when nothing is offered. */
  readonly next: string;
  /** The offered slots' button texts, in order (the time alone when on the requested day). */
  readonly slots: readonly string[];
}

/**
 * A 409 `slot_unavailable` in words, told in the client's zone.
 * @example unavailableWords({reason: 'fully_booked', next_slots: [...]}, '2026-12-10T10:15:00+01:00', 'Europe/Berlin')
 *   → {why: 'Someone just booked 10:15.', next: 'Next free:', slots: ['10:30', '10:45', '11:30']}
 */
export function unavailableWords(
  details: UnavailableDetails,
  requested: string,
  zone: string,
): UnavailableWords {
  const day = localDate(requested, zone);
  const slots = details.next_slots.map((s) => slotLabel(s.start_datetime, day, zone));
  return {
    why: reasonWords(details.reason, clockTime(requested, zone), dayLabel(day)),
    next:
      slots.length > 0
        ? 'Next free:'
        : 'Nothing else is free soon after it: please pick another day.',
    slots,
  };
}

function reasonWords(reason: string, time: string, day: string): string {
  switch (reason as UnavailableReason) {
    case 'fully_booked':
      return `Someone just booked ${time}.`;
    case 'held':
      return `Someone else is booking ${time} right now.`;
    case 'too_soon':
      return `${time} is too soon to book now.`;
    case 'too_far':
      return `${time} is too far ahead to book yet.`;
    case 'buffer':
      return `${time} is now too close to another booking.`;
    case 'daily_limit':
      return `${day} is fully booked for this service.`;
    case 'busy_elsewhere':
      return `The specialist is no longer free at ${time}.`;
    case 'outside_availability':
      return `${time} is no longer offered.`;
    default:
      return `${time} cannot be booked.`;
  }
}
