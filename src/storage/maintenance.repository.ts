import type { Kysely } from 'kysely';
import type { Database } from './tables.ts';

/** Rows of one schedule that a maintenance task would touch. */
export interface ScheduleCount {
  readonly scheduleId: number;
  readonly specialistId: number;
  readonly n: number;
}

function toCount(r: {
  schedule_id: number;
  specialist_id: number;
  n: number | string | bigint;
}): ScheduleCount {
  return { scheduleId: r.schedule_id, specialistId: r.specialist_id, n: Number(r.n) };
}

/** SQL of the maintenance tasks: pre-warm, cleanup, expiry and statistics. */
export class MaintenanceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Ids of specialists with at least one active schedule, in id order, one page at a time. */
  async specialistsWithActiveSchedules(afterId: number, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('schedules')
      .select('specialist_id')
      .distinct()
      .where('is_active', '=', 1)
      .where('specialist_id', '>', afterId)
      .orderBy('specialist_id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.specialist_id);
  }

  async countSpecialistsWithActiveSchedules(): Promise<number> {
    const r = await this.db
      .selectFrom('schedules')
      .select((eb) => eb.fn.count<number>('specialist_id').distinct().as('n'))
      .where('is_active', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Never-edited, not-cancelled instances starting at or after `cutoffMs`: per schedule. */
  async futurePlainBySchedule(cutoffMs: number): Promise<ScheduleCount[]> {
    const rows = await this.db
      .selectFrom('instances')
      .select(['schedule_id', 'specialist_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('start_at', '>=', cutoffMs)
      .where('is_exception', '=', 0)
      .where('status', '=', 'confirmed')
      .groupBy(['schedule_id', 'specialist_id'])
      .execute();
    return rows.map(toCount);
  }

  /** Deletes the never-edited, not-cancelled instances of `scheduleIds` starting at or after `cutoffMs`. */
  async deleteFuturePlain(cutoffMs: number, scheduleIds: readonly number[]): Promise<number> {
    if (scheduleIds.length === 0) return 0;
    const r = await this.db
      .deleteFrom('instances')
      .where('schedule_id', 'in', [...scheduleIds])
      .where('start_at', '>=', cutoffMs)
      .where('is_exception', '=', 0)
      .where('status', '=', 'confirmed')
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  /**
   * Instances that ended before `cutoffMs`, per schedule; with `keepExceptions` only plain ones
   * (never edited, not cancelled).
   */
  async endedBeforeBySchedule(cutoffMs: number, keepExceptions: boolean): Promise<ScheduleCount[]> {
    let q = this.db
      .selectFrom('instances')
      .select(['schedule_id', 'specialist_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('end_at', '<', cutoffMs);
    if (keepExceptions) q = q.where('is_exception', '=', 0).where('status', '=', 'confirmed');
    const rows = await q.groupBy(['schedule_id', 'specialist_id']).execute();
    return rows.map(toCount);
  }

  /** Deletes the instances of `scheduleIds` that ended before `cutoffMs` (see `endedBeforeBySchedule`). */
  async deleteEndedBefore(
    cutoffMs: number,
    keepExceptions: boolean,
    scheduleIds: readonly number[],
  ): Promise<number> {
    if (scheduleIds.length === 0) return 0;
    let q = this.db
      .deleteFrom('instances')
      .where('schedule_id', 'in', [...scheduleIds])
      .where('end_at', '<', cutoffMs);
    if (keepExceptions) q = q.where('is_exception', '=', 0).where('status', '=', 'confirmed');
    return Number((await q.executeTakeFirst()).numDeletedRows);
  }

  /** Counts for `recurra stats`. */
  async stats() {
    const schedules = await this.db
      .selectFrom('schedules')
      .select(['is_active', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('is_active')
      .execute();
    const instances = await this.db
      .selectFrom('instances')
      .select([
        'status',
        'is_exception',
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.max<number>('start_at').as('latest'),
        (eb) => eb.fn.min<number>('start_at').as('earliest'),
      ])
      .groupBy(['status', 'is_exception'])
      .execute();
    const perSchedule = await this.db
      .selectFrom('instances')
      .select(['schedule_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('schedule_id')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirst();
    const top = await this.db
      .selectFrom('instances as i')
      .innerJoin('specialists as s', 's.id', 'i.specialist_id')
      .select(['s.id', 's.name', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['s.id', 's.name'])
      .orderBy('n', 'desc')
      .limit(10)
      .execute();
    return { schedules, instances, maxPerSchedule: perSchedule ? Number(perSchedule.n) : 0, top };
  }
}
