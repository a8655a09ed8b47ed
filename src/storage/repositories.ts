import type { Kysely } from 'kysely';
import { BookingRepository } from './booking.repository.ts';
import { BusyTimeRepository } from './busy-time.repository.ts';
import { ChangeRepository } from './change.repository.ts';
import { InstanceRepository } from './instance.repository.ts';
import { MaintenanceRepository } from './maintenance.repository.ts';
import { ScheduleRepository } from './schedule.repository.ts';
import { ServiceRepository } from './service.repository.ts';
import { SpecialistRepository } from './specialist.repository.ts';
import { WebhookRepository } from './webhook.repository.ts';
import { WindowRepository } from './window.repository.ts';
import type { Storage } from './storage.ts';
import type { Database } from './tables.ts';

/** The repositories bound to one connection or transaction. */
export interface Repositories {
  readonly specialists: SpecialistRepository;
  readonly schedules: ScheduleRepository;
  readonly instances: InstanceRepository;
  readonly maintenance: MaintenanceRepository;
  readonly services: ServiceRepository;
  readonly bookings: BookingRepository;
  readonly busyTime: BusyTimeRepository;
  readonly changes: ChangeRepository;
  readonly webhooks: WebhookRepository;
  readonly windows: WindowRepository;
}

export function repositoriesFor(db: Kysely<Database>, storage: Storage): Repositories {
  const caps = storage.capabilities;
  return {
    specialists: new SpecialistRepository(db, caps.supportsRowLocks),
    schedules: new ScheduleRepository(db),
    instances: new InstanceRepository(db, caps.maxRowsPerStatement, caps.supportsRowLocks),
    maintenance: new MaintenanceRepository(db),
    services: new ServiceRepository(db),
    bookings: new BookingRepository(db),
    busyTime: new BusyTimeRepository(db),
    changes: new ChangeRepository(db, caps.maxRowsPerStatement),
    webhooks: new WebhookRepository(db, caps.supportsSkipLocked, caps.maxRowsPerStatement),
    windows: new WindowRepository(db),
  };
}

/** Runs `work` in one transaction with repositories bound to it. */
export function inTransaction<T>(
  storage: Storage,
  work: (repos: Repositories) => Promise<T>,
): Promise<T> {
  return storage.transaction((trx) => work(repositoriesFor(trx, storage)));
}
