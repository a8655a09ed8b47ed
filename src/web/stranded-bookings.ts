import type { StrandedBooking } from './api-client.ts';
import { describeBlock } from './wall-time.ts';

/**
 * A 409 `has_bookings` in words: what the edit would do to whom, told in the grid's zone.
 * @example strandedWords([{client: {name: 'Ada'}, …}], names, 'Europe/Berlin')
 *   → {summary: 'This change would leave 1 booking outside your availability:', lines: ['Tue 8 Dec 10:15–10:45 Ada (Consultation)']}
 */
export function strandedWords(
  bookings: readonly StrandedBooking[],
  serviceNames: ReadonlyMap<number, string>,
  zone: string,
): { summary: string; lines: string[]; after: string } {
  const n = bookings.length;
  return {
    summary: `This change would leave ${n === 1 ? '1 booking' : `${n} bookings`} outside your availability:`,
    lines: bookings.map((b) => {
      const service = serviceNames.get(b.service_id);
      return `${describeBlock(b.start_datetime, b.end_datetime, zone)} ${b.client.name}${service ? ` (${service})` : ''}`;
    }),
    after:
      n === 1
        ? 'The booking stays as it is; you may want to contact the client.'
        : 'The bookings stay as they are; you may want to contact the clients.',
  };
}
