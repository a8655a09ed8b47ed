import { invalid, notFound } from '../domain/errors.ts';
import type { ListedInstance } from '../domain/instances/instance.ts';
import { MAX_DURATION_MS } from '../domain/schedules/schedule-draft.ts';
import { parseDateTimeInput } from '../domain/time/date-time.ts';
import { inTransaction } from '../storage/repositories.ts';
import type { Storage } from '../storage/storage.ts';
import { changeOf } from '../domain/changes/change.ts';
import type { BookingGuard } from './booking-guard.ts';
import type { ChangeRecorder } from './change-recorder.ts';
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
    private readonly guard: BookingGuard,
    private readonly changes: ChangeRecorder,
  ) {}

  /** `PATCH /specialist/{id}/instances/{iid}`. A new start without a new end keeps the duration. */
  async edit(
    specialistId: number,
    instanceId: number,
    patch: InstancePatch,
    allowOverlap: boolean,
    force = false,
  ): Promise<ListedInstance> {
    if (Object.keys(patch).length === 0)
      throw invalid('the edit changes nothing: send at least one field');
    return inTransaction(this.storage, async (repos) => {
      const specialist = await repos.specialists.lockForWrite(specialistId);
      if (!specialist) throw notFound('specialist', specialistId);
      const inst = await repos.instances.findById(specialistId, instanceId, true);
      if (!inst || inst.id === null) throw notFound('instance', instanceId);
      if (inst.status === 'cancelled')
        throw invalid('a cancelled occurrence cannot be edited', { instance_id: instanceId });
      const tz = inst.timeZone;
      const startMs =
        patch.start_datetime === undefined
          ? inst.startMs
          : parseDateTimeInput(patch.start_datetime, tz, 'start_datetime').epochMs;
      const endMs =
        patch.end_datetime !== undefined
          ? parseDateTimeInput(patch.end_datetime, tz, 'end_datetime').epochMs
          : startMs + (inst.endMs - inst.startMs);
      if (endMs <= startMs)
        throw invalid('end_datetime must be after start_datetime', { field: 'end_datetime' });
      if (endMs - startMs > MAX_DURATION_MS)
        throw invalid('an occurrence may last at most 7 days', { field: 'end_datetime' });
      const title = patch.title?.trim();
      if (title !== undefined && title.length === 0)
        throw invalid('title must not be empty', { field: 'title' });
      if (!allowOverlap && (startMs !== inst.startMs || endMs !== inst.endMs)) {
        await this.conflicts.assertFree(repos, {
          specialistId,
          occurrences: [{ startMs, endMs }],
          pattern: null,
          replacesOccurrence: {
            instanceId: inst.id,
            scheduleId: inst.scheduleId,
            originalStartMs: inst.originalStartMs,
          },
        });
      }
      await repos.instances.update(inst.id, {
        startMs,
        endMs,
        isException: true,
        ...(title !== undefined && { title }),
      });
      await this.guard.assertKept(repos, specialist, force);
      await this.changes.record(repos, [changeOf('instance.updated', specialistId, inst.id)]);
      const updated = await repos.instances.findById(specialistId, instanceId);
      if (!updated) throw notFound('instance', instanceId);
      return updated;
    });
  }

  /** `DELETE /specialist/{id}/instances/{iid}`: cancels the occurrence; idempotent. */
  async cancel(specialistId: number, instanceId: number, force = false): Promise<void> {
    await inTransaction(this.storage, async (repos) => {
      const specialist = await repos.specialists.lockForWrite(specialistId);
      if (!specialist) throw notFound('specialist', specialistId);
      const inst = await repos.instances.findById(specialistId, instanceId, true);
      if (!inst || inst.id === null) throw notFound('instance', instanceId);
      if (inst.status !== 'cancelled') {
        await repos.instances.update(inst.id, { status: 'cancelled' });
        await this.guard.assertKept(repos, specialist, force);
        await this.changes.record(repos, [changeOf('instance.cancelled', specialistId, inst.id)]);
      }
    });
  }
}
