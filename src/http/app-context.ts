import type { Metrics } from '../metrics/metrics.ts';
import type { CalendarService } from '../services/calendar.service.ts';
import type { EagerMaterializer } from '../services/eager-materializer.ts';
import type { FeedService } from '../services/feed.service.ts';
import type { InstanceService } from '../services/instance.service.ts';
import type { MaintenanceService } from '../services/maintenance.service.ts';
import type { ScheduleEditService } from '../services/schedule-edit.service.ts';
import type { ScheduleService } from '../services/schedule.service.ts';
import type { SpecialistService } from '../services/specialist.service.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';

/** What the routes need, built once by the composition root. */
export interface AppContext {
  readonly storage: Storage;
  readonly repos: Repositories;
  readonly specialists: SpecialistService;
  readonly schedules: ScheduleService;
  readonly scheduleEdits: ScheduleEditService;
  readonly instances: InstanceService;
  readonly calendar: CalendarService;
  readonly eager: EagerMaterializer;
  readonly maintenance: MaintenanceService;
  readonly feed: FeedService;
  readonly metrics: Metrics;
}
