import { formatInstant } from '../domain/time/date-time.ts';
import type { BusyCalendar } from '../storage/busy-time.repository.ts';

/**
 * A busy calendar as the contract shows it, datetimes in the specialist's zone.
 *
 * @example presentBusyCalendar(calendar, 'Europe/Berlin') // { id: 1, url, name, last_fetched_at: '2026-12-02T11:00:00+01:00', last_status: 'ok', events: 12 }
 */
export function presentBusyCalendar(c: BusyCalendar, timeZone: string) {
  return {
    id: c.id,
    url: c.url,
    name: c.name,
    last_fetched_at: c.lastFetchedAt === null ? null : formatInstant(c.lastFetchedAt, timeZone),
    last_status: c.lastStatus,
    events: c.events,
  };
}
