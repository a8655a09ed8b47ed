import type { Clock } from '../domain/clock.ts';
import type { Booking } from '../domain/bookings/booking.ts';
import { DomainError } from '../domain/errors.ts';
import { MAX_DURATION_MS } from '../domain/schedules/schedule-draft.ts';
import type { Specialist } from '../domain/specialists/specialist.ts';
import { formatInstant, startOfDay, todayIn } from '../domain/time/date-time.ts';
import type { Repositories } from '../storage/repositories.ts';
import { silentLogger } from './logger.ts';
import type { Materializer } from './materializer.ts';

/** At most this many bookings are named in a `has_bookings` answer. */
const MAX_NAMED = 20;

/**
 * Availability edits versus bookings: after an edit, cancellation, split or deletion of
 * availability (applied in the caller's transaction, under the specialist's lock), every
 * confirmed future booking must still lie inside an occurrence of a schedule its service allows.
 * If one no longer does, the edit is refused (409 `has_bookings`, the transaction rolls back)
 * unless forced; forced, the bookings stay and are marked `outside_availability`. A booking is
 * never moved or cancelled implicitly.
 */
export class BookingGuard {
  constructor(
    private readonly materializer: Materializer,
    private readonly clock: Clock,
  ) {}

  async assertKept(repos: Repositories, specialist: Specialist, force: boolean): Promise<void> {
    const bookings = await repos.bookings.listConfirmedEndingAfter(specialist.id, this.clock.now());
    if (bookings.length === 0) return;
    const services = new Map(
      (await repos.services.findByIds([...new Set(bookings.map((b) => b.serviceId))])).map((s) => [
        s.id,
        s,
      ]),
    );
    // The occurrences around the bookings, as the edit left them (stored in this transaction).
    const tz = specialist.timeZone;
    const fromMs = startOfDay(todayIn(Math.min(...bookings.map((b) => b.startMs)), tz), tz);
    const toMs = Math.max(...bookings.map((b) => b.endMs));
    await this.materializer.ensureWithin(repos, specialist, fromMs, toMs, silentLogger);
    const rows = await repos.instances.listOverlapping(
      specialist.id,
      fromMs,
      toMs,
      MAX_DURATION_MS,
      false,
    );
    const inside = (b: Booking) => {
      const allowed = services.get(b.serviceId)?.scheduleIds;
      return rows.some(
        (r) =>
          (!allowed || allowed.includes(r.scheduleId)) &&
          r.startMs <= b.startMs &&
          b.endMs <= r.endMs,
      );
    };
    const outside = bookings.filter((b) => !inside(b));
    const newlyOutside = outside.filter((b) => !b.outsideAvailability);
    if (newlyOutside.length > 0 && !force)
      throw new DomainError(
        'has_bookings',
        `the change would leave ${newlyOutside.length} booking(s) outside the availability; nothing was changed (repeat with force=true to keep them anyway)`,
        {
          bookings: newlyOutside.slice(0, MAX_NAMED).map((b) => ({
            id: b.id,
            service_id: b.serviceId,
            start_datetime: formatInstant(b.startMs, tz),
            end_datetime: formatInstant(b.endMs, tz),
            client: { name: b.client.name },
          })),
        },
      );
    await repos.bookings.setOutsideAvailability(
      newlyOutside.map((b) => b.id),
      true,
    );
    await repos.bookings.setOutsideAvailability(
      bookings.filter((b) => b.outsideAvailability && inside(b)).map((b) => b.id),
      false,
    );
  }
}
