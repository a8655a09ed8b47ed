import { spanIn } from './slot-time.ts';

/**
 * A booking's time for the client: in their zone, and also in the specialist's when the two
 * differ.
 * @example bookingWhen(start, end, 'America/New_York', 'Europe/Berlin')
 *   → ['Thu 10 Dec 2026, 04:15–04:45 your time (America/New_York)', 'Thu 10 Dec 2026, 10:15–10:45 for the specialist (Europe/Berlin)']
 */
export function bookingWhen(
  start: string,
  end: string,
  clientZone: string,
  specialistZone: string,
): string[] {
  if (clientZone === specialistZone) return [`${spanIn(start, end, clientZone)} (${clientZone})`];
  return [
    `${spanIn(start, end, clientZone)} your time (${clientZone})`,
    `${spanIn(start, end, specialistZone)} for the specialist (${specialistZone})`,
  ];
}
