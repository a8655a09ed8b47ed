import type { Clock } from '../domain/clock.ts';
import { buildBookingsCalendar } from '../domain/feed/build-bookings-calendar.ts';
import { buildCalendar } from '../domain/feed/build-calendar.ts';
import type { FeedOverride, FeedSchedule } from '../domain/feed/feed-input.ts';
import type { Instance } from '../domain/instances/instance.ts';
import type { Schedule } from '../domain/schedules/schedule.ts';
import { todayIn } from '../domain/time/date-time.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { SpecialistService } from './specialist.service.ts';

/** VTIMEZONEs describe the zones' transitions this many years past the current one. */
const ZONE_YEARS_AHEAD = 10;

function overrideOf(i: Instance): FeedOverride {
  return {
    instanceId: i.id,
    originalStartMs: i.originalStartMs,
    startMs: i.startMs,
    endMs: i.endMs,
    title: i.title,
    cancelled: i.status === 'cancelled',
  };
}

function scheduleOf(s: Schedule, overrides: readonly Instance[]): FeedSchedule {
  return {
    recurringEventId: s.recurringEventId,
    title: s.title,
    timeZone: s.timeZone,
    dtstart: s.dtstart,
    durationMs: s.durationMs,
    rule: s.rule,
    exdates: s.exdates,
    sequence: s.version,
    stampMs: s.updatedAt,
    overrides: overrides.map(overrideOf),
  };
}

/**
 * Whether a schedule has anything to publish: active ones, and deleted ones with history (their
 * rule already ends at the deletion; one deleted before its first occurrence has none).
 */
function published(s: Schedule): boolean {
  return s.isActive || (s.deletedAt !== null && s.deletedAt > s.startsAt);
}

/** The iCalendar feed of one specialist: records in, `text/calendar` out. */
export class FeedService {
  constructor(
    private readonly repos: Repositories,
    private readonly specialists: SpecialistService,
    private readonly clock: Clock,
  ) {}

  /** The VCALENDAR text for a specialist (404 `not_found` if unknown); same records, same bytes. */
  async calendar(specialistId: number): Promise<string> {
    const specialist = await this.specialists.get(specialistId);
    const [schedules, overrides] = await Promise.all([
      this.repos.schedules.list(specialistId, true),
      this.repos.instances.listAllOverrides(specialistId),
    ]);
    const bySchedule = new Map<number, Instance[]>();
    for (const o of overrides) {
      const list = bySchedule.get(o.scheduleId) ?? [];
      list.push(o);
      bySchedule.set(o.scheduleId, list);
    }
    return buildCalendar({
      name: specialist.name,
      timeZone: specialist.timeZone,
      schedules: schedules.filter(published).map((s) => scheduleOf(s, bySchedule.get(s.id) ?? [])),
      coverUntilYear: todayIn(this.clock.now(), specialist.timeZone).year + ZONE_YEARS_AHEAD,
    });
  }

  /** The specialist's bookings as iCalendar, confirmed and cancelled (for their own calendar app). */
  async bookings(specialistId: number): Promise<string> {
    const specialist = await this.specialists.get(specialistId);
    const bookings = await this.repos.bookings.listAll(specialistId);
    const services = new Map(
      (await this.repos.services.list(specialistId, true)).map((s) => [s.id, s.name]),
    );
    return buildBookingsCalendar({
      name: specialist.name,
      timeZone: specialist.timeZone,
      bookings: bookings.map((booking) => ({
        booking,
        serviceName: services.get(booking.serviceId) ?? 'Booking',
      })),
    });
  }
}
