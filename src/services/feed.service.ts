import type { Clock } from '../domain/clock.ts';
import { buildCalendar } from '../domain/feed/build-calendar.ts';
import type { FeedOverride, FeedSchedule } from '../domain/feed/feed-input.ts';
import { todayIn } from '../domain/time/date-time.ts';
import type { FeedRepository } from '../storage/feed.repository.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { InstanceRow, ScheduleRow } from '../storage/tables.ts';
import type { SpecialistService } from './specialist.service.ts';

/** VTIMEZONEs describe the zones' transitions this many years past the current one. */
const ZONE_YEARS_AHEAD = 10;

function overrideOf(row: InstanceRow): FeedOverride {
  return {
    instanceId: row.id,
    originalStartMs: row.original_start,
    startMs: row.start_at,
    endMs: row.end_at,
    title: row.title,
    cancelled: row.status === 'cancelled',
  };
}

function scheduleOf(row: ScheduleRow, overrides: readonly InstanceRow[]): FeedSchedule {
  return {
    recurringEventId: row.recurring_event_id,
    title: row.title,
    timeZone: row.timezone,
    dtstart: row.dtstart_local,
    durationMs: row.duration_ms,
    rule: row.recurrence_rule,
    exdates: JSON.parse(row.exdates) as string[],
    sequence: row.version,
    stampMs: row.updated_at,
    overrides: overrides.map(overrideOf),
  };
}

/** The iCalendar feed of one specialist: rows in, `text/calendar` out. */
export class FeedService {
  constructor(
    private readonly repos: Repositories,
    private readonly feeds: FeedRepository,
    private readonly specialists: SpecialistService,
    private readonly clock: Clock,
  ) {}

  /** The VCALENDAR text for a specialist (404 `not_found` if unknown); same rows, same bytes. */
  async calendar(specialistId: number): Promise<string> {
    const specialist = await this.specialists.get(specialistId);
    const [schedules, overrides] = await Promise.all([
      this.repos.schedules.list(specialistId, false),
      this.feeds.listOverridesOfActive(specialistId),
    ]);
    const bySchedule = new Map<number, InstanceRow[]>();
    for (const o of overrides) {
      const list = bySchedule.get(o.schedule_id) ?? [];
      list.push(o);
      bySchedule.set(o.schedule_id, list);
    }
    return buildCalendar({
      name: specialist.name,
      timeZone: specialist.timezone,
      schedules: schedules.map((s) => scheduleOf(s, bySchedule.get(s.id) ?? [])),
      coverUntilYear: todayIn(this.clock.now(), specialist.timezone).year + ZONE_YEARS_AHEAD,
    });
  }
}
