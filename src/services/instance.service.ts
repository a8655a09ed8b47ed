import { invalid, notFound } from '../domain/errors.ts';
import { MAX_DURATION_MS } from '../domain/schedules/schedule-template.ts';
import { parseDateTimeInput } from '../domain/time/date-time.ts';
import type { InstanceWithTemplate } from '../storage/instance.repository.ts';
import { inTransaction } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import type { ConflictService } from './conflict.service.ts';

export interface InstancePatch {
  readonly title?: string;
  readonly start_datetime?: string;
  readonly end_datetime?: string;
}

/**
 * Single occurrences: editing one makes it an exception (its original start kept, so lazy
 * generation never recreates it at the old slot); cancelling one leaves a tombstone.
 */
export class InstanceService {
  constructor(
    private readonly storage: Storage,
    private readonly conflicts: ConflictService,
  ) {}

  /** `PATCH /specialist/{id}/instances/{iid}`. A new start without a new end keeps the duration. */
  async edit(
    specialistId: number,
    instanceId: number,
    patch: InstancePatch,
    allowOverlap: boolean,
  ): Promise<InstanceWithTemplate> {
    if (Object.keys(patch).length === 0)
      throw invalid('the edit changes nothing: send at least one field');
    return inTransaction(this.storage, async (repos) => {
      await repos.schedules.lockSpecialist(specialistId);
      const inst = await repos.instances.findById(specialistId, instanceId, true);
      if (!inst) throw notFound('instance', instanceId);
      if (inst.status === 'cancelled')
        throw invalid('a cancelled occurrence cannot be edited', { instance_id: instanceId });
      const tz = inst.timezone;
      const startMs =
        patch.start_datetime === undefined
          ? inst.start_at
          : parseDateTimeInput(patch.start_datetime, tz, 'start_datetime').epochMs;
      const endMs =
        patch.end_datetime !== undefined
          ? parseDateTimeInput(patch.end_datetime, tz, 'end_datetime').epochMs
          : startMs + (inst.end_at - inst.start_at);
      if (endMs <= startMs)
        throw invalid('end_datetime must be after start_datetime', { field: 'end_datetime' });
      if (endMs - startMs > MAX_DURATION_MS)
        throw invalid('an occurrence may last at most 7 days', { field: 'end_datetime' });
      const title = patch.title?.trim();
      if (title !== undefined && title.length === 0)
        throw invalid('title must not be empty', { field: 'title' });
      if (!allowOverlap) {
        await this.conflicts.assertNoConflict(repos, {
          specialistId,
          occurrences: [{ startMs, endMs }],
          pattern: null,
          excludeInstanceIds: [inst.id],
          excludeSlots: [`${inst.schedule_id}:${inst.original_start}`],
        });
      }
      await repos.instances.update(inst.id, {
        start_at: startMs,
        end_at: endMs,
        is_exception: 1,
        ...(title !== undefined && { title }),
      });
      const updated = await repos.instances.findById(specialistId, instanceId);
      if (!updated) throw notFound('instance', instanceId);
      return updated;
    });
  }

  /** `DELETE /specialist/{id}/instances/{iid}`: cancels the occurrence; idempotent. */
  async cancel(specialistId: number, instanceId: number): Promise<void> {
    await inTransaction(this.storage, async (repos) => {
      const inst = await repos.instances.findById(specialistId, instanceId, true);
      if (!inst) throw notFound('instance', instanceId);
      if (inst.status !== 'cancelled')
        await repos.instances.update(inst.id, { status: 'cancelled' });
    });
  }
}
