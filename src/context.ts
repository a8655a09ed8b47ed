import { systemClock, type Clock } from './domain/clock.ts';
import { SeriesCache } from './domain/recurrence/series-cache.ts';
import type { AppContext } from './http/app-context.ts';
import { Metrics } from './metrics/metrics.ts';
import { CalendarService } from './services/calendar.service.ts';
import { DEFAULT_LIMITS, type ServiceLimits } from './services/config.ts';
import { ConflictService } from './services/conflict.service.ts';
import { EagerMaterializer } from './services/eager-materializer.ts';
import { FeedService } from './services/feed.service.ts';
import { InstanceService } from './services/instance.service.ts';
import { MaintenanceService } from './services/maintenance.service.ts';
import { ScheduleEditService } from './services/schedule-edit.service.ts';
import { ScheduleService } from './services/schedule.service.ts';
import { SpecialistService } from './services/specialist.service.ts';
import { migrateToLatest } from './storage/migrate.ts';
import { FeedRepository } from './storage/feed.repository.ts';
import { openStorage } from './storage/open-storage.ts';
import { repositoriesFor } from './storage/repositories.ts';
import type { Storage } from './storage/storage.ts';
import type { ScheduleRow } from './storage/tables.ts';

export interface ContextOptions {
  readonly databaseUrl: string;
  readonly clock?: Clock;
  readonly limits?: Partial<ServiceLimits>;
  readonly defaultMetrics?: boolean;
  /** `lazy` (default) or `eager` (RECURRA_MATERIALIZE). */
  readonly materialize?: 'lazy' | 'eager';
}

/** Wires storage → repositories → services once; the same for the server, the CLI and tests. */
export function createContext(
  storage: Storage,
  options: Omit<ContextOptions, 'databaseUrl'> = {},
): AppContext {
  const clock = options.clock ?? systemClock;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const repos = repositoriesFor(storage.db, storage);
  const metrics = new Metrics(
    {
      countTemplates: () => repos.schedules.countAll(),
      countInstances: () => repos.instances.countAll(),
    },
    { defaultMetrics: options.defaultMetrics ?? true },
  );
  const specialists = new SpecialistService(repos, clock);
  const series = new SeriesCache();
  const conflicts = new ConflictService(series, limits.conflictHorizonDays);
  // RECURRA_MATERIALIZE=eager: the old approach (every occurrence of the horizon on create), kept
  // so the two can be compared on the same code.
  const eager = new EagerMaterializer(storage, series, clock, limits.eagerHorizonDays);
  const hooks =
    options.materialize === 'eager'
      ? {
          afterCreate: (row: ScheduleRow) => eager.materializeSchedule(row).then(() => undefined),
        }
      : {};
  const schedules = new ScheduleService(storage, repos, specialists, clock, conflicts, hooks);
  const scheduleEdits = new ScheduleEditService(storage, series, conflicts, clock);
  const instances = new InstanceService(storage, conflicts);
  const calendar = new CalendarService(
    storage,
    repos,
    specialists,
    series,
    clock,
    limits,
    metrics.service,
  );
  const maintenance = new MaintenanceService(storage, repos, calendar, clock, metrics.service);
  const feed = new FeedService(repos, new FeedRepository(storage.db), specialists, clock);
  return {
    storage,
    repos,
    specialists,
    schedules,
    scheduleEdits,
    instances,
    calendar,
    feed,
    metrics,
    eager,
    maintenance,
  };
}

/** Opens the database named by the URL, applies migrations, and wires the context. */
export async function openContext(options: ContextOptions): Promise<AppContext> {
  const storage = openStorage(options.databaseUrl);
  try {
    await migrateToLatest(storage);
  } catch (err) {
    await storage.close();
    throw err;
  }
  return createContext(storage, options);
}
