import { DEFAULT_LIMITS } from './config.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import { DAY_MS } from './domain/time/durations.ts';
import { RecurrenceCache } from './domain/recurrence/recurrence-cache.ts';
import { Metrics } from './metrics/metrics.ts';
import { AccessService } from './services/access.service.ts';
import { changePresenter } from './http/change-presenter.ts';
import { BookingGuard } from './services/booking-guard.ts';
import { ChangeRecorder } from './services/change-recorder.ts';
import { ChangeFeedService } from './services/change-feed.service.ts';
import { TargetGuard } from './services/outbound/target-guard.ts';
import { WebhookDispatcher, type DispatcherOptions } from './services/webhook-dispatcher.ts';
import { WebhookService } from './services/webhook.service.ts';
import type { Logger } from './services/logger.ts';
import { BookingService } from './services/booking.service.ts';
import { BusyCalendarService } from './services/busy-calendar.service.ts';
import { CalendarService } from './services/calendar.service.ts';
import { CatalogService } from './services/catalog.service.ts';
import { FreeBusyService } from './services/free-busy.service.ts';
import { SlotService } from './services/slot.service.ts';
import { ConflictService } from './services/conflict.service.ts';
import { FeedService } from './services/feed.service.ts';
import { InstanceService } from './services/instance.service.ts';
import { silentLogger } from './services/logger.ts';
import { MaintenanceService } from './services/maintenance.service.ts';
import { Materializer } from './services/materializer.ts';
import { ScheduleEditService } from './services/schedule-edit.service.ts';
import { ScheduleService, type ScheduleHooks } from './services/schedule.service.ts';
import type { ServiceLimits } from './services/service-limits.ts';
import { SpecialistService } from './services/specialist.service.ts';
import {
  DatabaseRequestCounter,
  MemoryRequestCounter,
  type RequestCounter,
} from './services/request-counter.ts';
import { RateLimitRepository } from './storage/rate-limit.repository.ts';
import { migrateToLatest } from './storage/migrate.ts';
import { openStorage } from './storage/open-storage.ts';
import { repositoriesFor } from './storage/repositories.ts';
import type { Storage } from './storage/storage.ts';

/** Everything the edges (HTTP, CLI, server) use, built once from a database and a configuration. */
export interface AppContext {
  readonly clock: Clock;
  readonly limits: ServiceLimits;
  readonly access: AccessService;
  readonly specialists: SpecialistService;
  readonly schedules: ScheduleService;
  readonly scheduleEdits: ScheduleEditService;
  readonly instances: InstanceService;
  readonly calendar: CalendarService;
  readonly materializer: Materializer;
  readonly feed: FeedService;
  readonly catalog: CatalogService;
  readonly slots: SlotService;
  readonly bookings: BookingService;
  readonly freeBusy: FreeBusyService;
  readonly changeFeed: ChangeFeedService;
  readonly webhooks: WebhookService;
  /** Where outbound requests (webhooks, busy calendars) may go. */
  readonly outbound: TargetGuard;
  /** A dispatcher for this process's share of the webhook outbox (the server starts one). */
  dispatcher(log: Logger, options?: DispatcherOptions): WebhookDispatcher;
  /** External busy calendars: the rows, and fetching them (background and CLI only). */
  readonly busyCalendars: BusyCalendarService;
  readonly maintenance: MaintenanceService;
  readonly metrics: Metrics;
  /** Where the public rate limit counts: the database when several processes share it. */
  readonly requestCounter: RequestCounter;
  /** Resolves when the database answers (`/health`). */
  ping(): Promise<void>;
  /** Closes the database. */
  close(): Promise<void>;
  /** The open database, for the rate-limit store and tests; routes never use it. */
  readonly storage: Storage;
}

export interface ContextOptions {
  readonly clock?: Clock;
  readonly limits?: Partial<ServiceLimits>;
  readonly defaultMetrics?: boolean;
  /** `lazy` (default) or `eager` (RECURRA_MATERIALIZE). */
  readonly materialize?: 'lazy' | 'eager';
  /** RECURRA_ADMIN_TOKEN. */
  readonly adminToken?: string | undefined;
  /** RECURRA_SECRET_KEY (base64 of 32 bytes). */
  readonly secretKey?: string | undefined;
}

/** The one wiring point: storage → repositories → services, the same for server, CLI and tests. */
export function createContext(storage: Storage, options: ContextOptions = {}): AppContext {
  const clock = options.clock ?? systemClock;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const repos = repositoriesFor(storage.db, storage);
  const metrics = new Metrics(
    {
      countSchedules: () => repos.schedules.countAll(),
      countInstances: () => repos.instances.countAll(),
    },
    { defaultMetrics: options.defaultMetrics ?? true },
  );
  const cache = new RecurrenceCache();
  const specialists = new SpecialistService(repos, clock);
  const conflicts = new ConflictService(cache, clock, limits.conflictHorizonDays);
  const materializer = new Materializer(storage, repos, cache, clock, limits, metrics.service);
  // RECURRA_MATERIALIZE=eager: the old approach (every occurrence of the horizon on create), kept
  // so the two can be compared on the same code.
  const hooks: ScheduleHooks =
    options.materialize === 'eager'
      ? {
          afterCreate: async (s) => {
            await materializer.ensure(
              s.specialistId,
              s.startsAt,
              s.startsAt + limits.eagerHorizonDays * DAY_MS,
              silentLogger,
              [s.id],
            );
          },
        }
      : {};
  const calendar = new CalendarService(
    repos,
    specialists,
    materializer,
    cache,
    clock,
    limits,
    metrics.service,
  );
  const changes = new ChangeRecorder(clock, changePresenter);
  const catalog = new CatalogService(storage, repos, clock, changes);
  const slots = new SlotService(repos, specialists, catalog, calendar, clock, (s) =>
    metrics.slotComputation.observe(s),
  );
  const guard = new BookingGuard(materializer, clock);
  const outbound = new TargetGuard(limits.allowPrivateTargets);
  const webhooks = new WebhookService(repos, outbound, clock, options.secretKey);
  return {
    clock,
    limits,
    access: new AccessService(repos, options.adminToken),
    specialists,
    schedules: new ScheduleService(
      storage,
      repos,
      specialists,
      cache,
      clock,
      conflicts,
      guard,
      changes,
      hooks,
    ),
    scheduleEdits: new ScheduleEditService(storage, cache, conflicts, guard, changes, clock),
    instances: new InstanceService(storage, conflicts, guard, changes),
    calendar,
    materializer,
    feed: new FeedService(repos, specialists, clock),
    catalog,
    slots,
    bookings: new BookingService(
      storage,
      repos,
      specialists,
      catalog,
      materializer,
      slots,
      clock,
      limits,
      metrics.bookings,
      changes,
    ),
    freeBusy: new FreeBusyService(repos, calendar, clock),
    busyCalendars: new BusyCalendarService(
      storage,
      repos,
      outbound,
      clock,
      limits.busyRefreshMinutes,
      metrics.busyFetch,
    ),
    changeFeed: new ChangeFeedService(repos, specialists, clock, limits.changesRetentionDays),
    webhooks,
    outbound,
    dispatcher: (log, dispatchOptions) =>
      new WebhookDispatcher(
        storage,
        repos,
        outbound,
        () => webhooks.secrets(),
        clock,
        metrics.webhooks,
        log,
        dispatchOptions,
      ),
    maintenance: new MaintenanceService(
      storage,
      repos,
      materializer,
      clock,
      metrics.service,
      limits.changesRetentionDays,
    ),
    metrics,
    requestCounter: storage.capabilities.sharedByProcesses
      ? new DatabaseRequestCounter(new RateLimitRepository(storage.db), systemClock)
      : new MemoryRequestCounter(systemClock),
    ping: () => storage.ping(),
    close: () => storage.close(),
    storage,
  };
}

/** Opens the database named by the URL, applies migrations, and wires the context. */
export async function openContext(
  databaseUrl: string,
  options: ContextOptions = {},
): Promise<AppContext> {
  const storage = openStorage(databaseUrl);
  try {
    await migrateToLatest(storage);
  } catch (err) {
    await storage.close();
    throw err;
  }
  return createContext(storage, options);
}
