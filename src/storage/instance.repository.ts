import type { Kysely } from 'kysely';
import type { Instance, InstanceStatus, ListedInstance } from '../domain/instances/instance.ts';
import { toInstance, toListedInstance } from './records.ts';
import type { Database } from './tables.ts';

/** A plain occurrence to store. */
export interface NewInstance {
  readonly scheduleId: number;
  readonly specialistId: number;
  readonly startMs: number;
  readonly endMs: number;
}

export interface InstanceChanges {
  readonly scheduleId?: number;
  readonly originalStartMs?: number;
  readonly startMs?: number;
  readonly endMs?: number;
  readonly title?: string | null;
  readonly status?: InstanceStatus;
  readonly isException?: boolean;
}

function columns(c: InstanceChanges) {
  return {
    ...(c.scheduleId !== undefined && { schedule_id: c.scheduleId }),
    ...(c.originalStartMs !== undefined && { original_start: c.originalStartMs }),
    ...(c.startMs !== undefined && { start_at: c.startMs }),
    ...(c.endMs !== undefined && { end_at: c.endMs }),
    ...(c.title !== undefined && { title: c.title }),
    ...(c.status !== undefined && { status: c.status }),
    ...(c.isException !== undefined && { is_exception: c.isException ? 1 : 0 }),
  };
}

/** SQL for instances (stored occurrences); returns `Instance` records. */
export class InstanceRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxRowsPerStatement: number,
    private readonly rowLocks: boolean,
  ) {}

  /** Instance rows joined with the schedule fields every listing shows. */
  private listed() {
    return this.db
      .selectFrom('instances as i')
      .innerJoin('schedules as s', 's.id', 'i.schedule_id')
      .selectAll('i')
      .select(['s.title as schedule_title', 's.timezone', 's.recurring_event_id']);
  }

  /** One instance of a specialist with its schedule's fields; locked inside a transaction if asked. */
  async findById(
    specialistId: number,
    id: number,
    lock = false,
  ): Promise<ListedInstance | undefined> {
    let q = this.listed().where('i.id', '=', id).where('i.specialist_id', '=', specialistId);
    if (lock && this.rowLocks) q = q.forUpdate('i');
    const r = await q.executeTakeFirst();
    return r && toListedInstance(r);
  }

  async update(id: number, changes: InstanceChanges): Promise<void> {
    await this.db.updateTable('instances').set(columns(changes)).where('id', '=', id).execute();
  }

  /**
   * Gives rows new identities (schedule, original start) without ever holding two rows at one key:
   * first every row moves to a free key (its negated id), then to its target.
   */
  async rekey(
    moves: ReadonlyArray<{ instanceId: number; scheduleId: number; originalStartMs: number }>,
  ): Promise<void> {
    for (const m of moves) await this.update(m.instanceId, { originalStartMs: -m.instanceId });
    for (const m of moves)
      await this.update(m.instanceId, {
        scheduleId: m.scheduleId,
        originalStartMs: m.originalStartMs,
      });
  }

  /**
   * Overrides (edited or cancelled occurrences) of a specialist whose original or current start
   * lies in `[fromMs − maxDurationMs, toMs)`: what changes the plain expansion of that window.
   */
  async listOverrides(
    specialistId: number,
    fromMs: number,
    toMs: number,
    maxDurationMs: number,
  ): Promise<Instance[]> {
    const rows = await this.db
      .selectFrom('instances')
      .selectAll()
      .where('specialist_id', '=', specialistId)
      .where((eb) => eb.or([eb('is_exception', '=', 1), eb('status', '=', 'cancelled')]))
      .where((eb) =>
        eb.or([
          eb.and([eb('start_at', '>', fromMs - maxDurationMs), eb('start_at', '<', toMs)]),
          eb.and([
            eb('original_start', '>', fromMs - maxDurationMs),
            eb('original_start', '<', toMs),
          ]),
        ]),
      )
      .execute();
    return rows.map(toInstance);
  }

  /** Every override of a specialist's schedules (the feed publishes them all). */
  async listAllOverrides(specialistId: number): Promise<Instance[]> {
    const rows = await this.db
      .selectFrom('instances')
      .selectAll()
      .where('specialist_id', '=', specialistId)
      .where((eb) => eb.or([eb('is_exception', '=', 1), eb('status', '=', 'cancelled')]))
      .orderBy('schedule_id')
      .orderBy('original_start')
      .orderBy('id')
      .execute();
    return rows.map(toInstance);
  }

  /** All rows of one schedule, by original start. */
  async listBySchedule(scheduleId: number): Promise<Instance[]> {
    const rows = await this.db
      .selectFrom('instances')
      .selectAll()
      .where('schedule_id', '=', scheduleId)
      .orderBy('original_start')
      .execute();
    return rows.map(toInstance);
  }

  async deleteByIds(ids: readonly number[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < ids.length; i += this.maxRowsPerStatement) {
      const r = await this.db
        .deleteFrom('instances')
        .where('id', 'in', ids.slice(i, i + this.maxRowsPerStatement))
        .executeTakeFirst();
      deleted += Number(r.numDeletedRows);
    }
    return deleted;
  }

  /**
   * Inserts the plain occurrences that do not exist yet and returns how many were new.
   * `ON CONFLICT DO NOTHING` on the (schedule_id, original_start) constraint makes this idempotent
   * under any concurrency: a concurrent writer's row (or an override) wins, nobody fails.
   */
  async insertMissing(rows: readonly NewInstance[], nowMs: number): Promise<number> {
    let created = 0;
    for (let i = 0; i < rows.length; i += this.maxRowsPerStatement) {
      const chunk = rows.slice(i, i + this.maxRowsPerStatement).map((r) => ({
        schedule_id: r.scheduleId,
        specialist_id: r.specialistId,
        original_start: r.startMs,
        start_at: r.startMs,
        end_at: r.endMs,
        title: null,
        status: 'confirmed' as const,
        is_exception: 0,
        created_at: nowMs,
      }));
      const result = await this.db
        .insertInto('instances')
        .values(chunk)
        .onConflict((oc) => oc.columns(['schedule_id', 'original_start']).doNothing())
        .executeTakeFirst();
      created += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return created;
  }

  /**
   * Instances of one specialist overlapping `[fromMs, toMs)`, sorted by start: one range scan of
   * (specialist_id, start_at), since no instance lasts longer than `maxDurationMs`.
   */
  async listOverlapping(
    specialistId: number,
    fromMs: number,
    toMs: number,
    maxDurationMs: number,
    includeCancelled: boolean,
  ): Promise<ListedInstance[]> {
    let q = this.listed()
      .where('i.specialist_id', '=', specialistId)
      .where('i.start_at', '>', fromMs - maxDurationMs)
      .where('i.start_at', '<', toMs)
      .where('i.end_at', '>', fromMs);
    if (!includeCancelled) q = q.where('i.status', '=', 'confirmed');
    return (await q.orderBy('i.start_at').orderBy('i.id').execute()).map(toListedInstance);
  }

  async countAll(): Promise<number> {
    const r = await this.db
      .selectFrom('instances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
