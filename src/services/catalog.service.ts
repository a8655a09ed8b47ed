import type { Clock } from '../domain/clock.ts';
import {
  validateService,
  type BookableService,
  type ServiceInput,
} from '../domain/bookings/bookable-service.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { changeOf } from '../domain/changes/change.ts';
import { inTransaction, type Repositories } from '../storage/repositories.ts';
import type { ChangeRecorder } from './change-recorder.ts';
import type { Storage } from '../storage/storage.ts';

/**
 * Services: what clients book. Writes lock the specialist (a slot check never sees half a
 * change) and give it a new version (every slot ETag changes); existing bookings stay as they are.
 */
export class CatalogService {
  constructor(
    private readonly storage: Storage,
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly changes: ChangeRecorder,
  ) {}

  async create(specialistId: number, input: ServiceInput): Promise<BookableService> {
    const fields = validateService(input);
    return inTransaction(this.storage, async (repos) => {
      if (!(await repos.specialists.lockForWrite(specialistId)))
        throw notFound('specialist', specialistId);
      await this.assertSchedules(repos, specialistId, fields.scheduleIds);
      const created = await repos.services.insert(specialistId, fields, this.clock.now());
      await this.changes.record(repos, [changeOf('service.created', specialistId, created.id)]);
      return created;
    });
  }

  async update(specialistId: number, id: number, input: ServiceInput): Promise<BookableService> {
    if (Object.keys(input).length === 0)
      throw invalid('the edit changes nothing: send at least one field');
    return inTransaction(this.storage, async (repos) => {
      if (!(await repos.specialists.lockForWrite(specialistId)))
        throw notFound('specialist', specialistId);
      const current = await repos.services.findById(specialistId, id);
      if (!current || !current.isActive) throw notFound('service', id);
      const fields = validateService(input, current);
      await this.assertSchedules(repos, specialistId, fields.scheduleIds);
      const updated = await repos.services.update(id, fields, this.clock.now());
      await this.changes.record(repos, [changeOf('service.updated', specialistId, id)]);
      return updated;
    });
  }

  /** Soft delete: no new bookings; existing ones stay. Idempotent. */
  async remove(specialistId: number, id: number): Promise<void> {
    await inTransaction(this.storage, async (repos) => {
      if (!(await repos.specialists.lockForWrite(specialistId)))
        throw notFound('specialist', specialistId);
      const current = await repos.services.findById(specialistId, id);
      if (!current) throw notFound('service', id);
      if (!current.isActive) return;
      await repos.services.deactivate(id, this.clock.now());
      await this.changes.record(repos, [changeOf('service.deleted', specialistId, id)]);
    });
  }

  async get(specialistId: number, id: number): Promise<BookableService> {
    const found = await this.repos.services.findById(specialistId, id);
    if (!found || !found.isActive) throw notFound('service', id);
    return found;
  }

  async list(specialistId: number): Promise<BookableService[]> {
    if (!(await this.repos.specialists.findById(specialistId)))
      throw notFound('specialist', specialistId);
    return this.repos.services.list(specialistId, false);
  }

  /** A service named in a request body: one of this specialist's active ones, or a 400. */
  async bookable(repos: Repositories, specialistId: number, id: number): Promise<BookableService> {
    const found = await repos.services.findById(specialistId, id);
    if (!found || !found.isActive)
      throw invalid(`service_id ${id} is not a service of specialist ${specialistId}`, {
        field: 'service_id',
        value: id,
      });
    return found;
  }

  private async assertSchedules(
    repos: Repositories,
    specialistId: number,
    ids: readonly number[] | null,
  ): Promise<void> {
    if (ids === null) return;
    const found = await repos.schedules.findByIds(ids);
    const mine = new Set(found.filter((s) => s.specialistId === specialistId).map((s) => s.id));
    const foreign = ids.filter((i) => !mine.has(i));
    if (foreign.length)
      throw invalid(
        `schedule_ids names schedules that are not this specialist's: ${foreign.join(', ')}`,
        {
          field: 'schedule_ids',
          value: foreign,
        },
      );
  }
}
