import { randomUUID } from 'node:crypto';
import type { Instance } from '../domain/instances/instance.ts';
import type { Schedule } from '../domain/schedules/schedule.ts';
import { epochMsToLocal, localToEpochMs } from '../domain/time/date-time.ts';
import type { Repositories } from '../storage/repositories.ts';

/** Every window: a one-off's only occurrence exists as its row from the start. */
const EVERYWHERE: ReadonlyArray<readonly [number, number]> = [
  [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
];

/**
 * Turns an edited occurrence whose occurrence is gone into a one-off event of the specialist,
 * exactly where it is (nothing a person typed is lost): a new one-off schedule with its times and
 * title, and its row moved over (same instance id). `deletedAt` makes it history only.
 *
 * @example await detachAsOneOff(repos, owner, editedRow, now, null)
 */
export async function detachAsOneOff(
  repos: Repositories,
  owner: Schedule,
  row: Instance,
  nowMs: number,
  deletedAt: number | null,
): Promise<Schedule> {
  const dtstart = epochMsToLocal(row.startMs, owner.timeZone);
  // The later half of an autumn fold has no wall time of its own: the row stays an override there.
  const startMs = localToEpochMs(dtstart, owner.timeZone);
  const oneOff = await repos.schedules.insert({
    specialistId: owner.specialistId,
    recurringEventId: randomUUID(),
    title: row.title ?? owner.title,
    rule: null,
    dtstart,
    durationMs: row.endMs - row.startMs,
    timeZone: owner.timeZone,
    exdates: [],
    isActive: deletedAt === null,
    deletedAt,
    startsAt: startMs,
    endsAt: startMs + (row.endMs - row.startMs),
    materializedRanges: EVERYWHERE,
    createdAt: nowMs,
  });
  await repos.instances.update(row.id, {
    scheduleId: oneOff.id,
    originalStartMs: startMs,
    title: null,
    isException: startMs !== row.startMs,
  });
  return oneOff;
}
