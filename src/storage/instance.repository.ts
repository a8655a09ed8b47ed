import type { Kysely } from 'kysely';
import type { Database, InstanceRow, NewInstanceRow } from './tables.ts';

/** An instance row with the template fields a view needs. */
export interface InstanceWithTemplate extends InstanceRow {
  template_title: string;
  timezone: string;
  recurring_event_id: string;
  recurrence_rule: string | null;
}

/** SQL for materialized instances. */
export class InstanceRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxInsertRows: number,
    private readonly rowLocks = false,
  ) {}

  /** Instance rows joined with the template fields every view shows. */
  private withTemplate() {
    return this.db
      .selectFrom('instances as i')
      .innerJoin('schedules as s', 's.id', 'i.schedule_id')
      .selectAll('i')
      .select([
        's.title as template_title',
        's.timezone',
        's.recurring_event_id',
        's.recurrence_rule',
      ]);
  }

  /** One instance of a specialist with its template fields; locked for update inside a transaction. */
  async findById(
    specialistId: number,
    id: number,
    lock = false,
  ): Promise<InstanceWithTemplate | undefined> {
    let q = this.withTemplate().where('i.id', '=', id).where('i.specialist_id', '=', specialistId);
    if (lock && this.rowLocks) q = q.forUpdate('i');
    return q.executeTakeFirst();
  }

  async update(
    id: number,
    changes: Partial<
      Pick<
        InstanceRow,
        | 'start_at'
        | 'end_at'
        | 'title'
        | 'status'
        | 'is_exception'
        | 'schedule_id'
        | 'original_start'
      >
    >,
  ): Promise<void> {
    await this.db.updateTable('instances').set(changes).where('id', '=', id).execute();
  }

  /**
   * Moved or cancelled occurrences of a specialist whose original or current time is near
   * `[fromMs, toMs)`: what overrides the plain expansion of the templates.
   */
  async listOverrides(
    specialistId: number,
    fromMs: number,
    toMs: number,
    maxDurationMs: number,
  ): Promise<InstanceRow[]> {
    return this.db
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
  }

  /** All instance rows of one template (for reconciling after a series edit). */
  async listBySchedule(scheduleId: number): Promise<InstanceRow[]> {
    return this.db
      .selectFrom('instances')
      .selectAll()
      .where('schedule_id', '=', scheduleId)
      .orderBy('original_start')
      .execute();
  }

  async deleteByIds(ids: readonly number[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < ids.length; i += this.maxInsertRows) {
      const r = await this.db
        .deleteFrom('instances')
        .where('id', 'in', ids.slice(i, i + this.maxInsertRows))
        .executeTakeFirst();
      deleted += Number(r.numDeletedRows);
    }
    return deleted;
  }

  /**
   * Inserts the rows that do not exist yet and returns how many were new. `ON CONFLICT DO NOTHING`
   * on the (schedule_id, original_start) constraint makes this idempotent under any concurrency:
   * a concurrent writer's row wins, ours is silently skipped, nobody fails.
   */
  async insertMissing(rows: readonly NewInstanceRow[]): Promise<number> {
    let created = 0;
    for (let i = 0; i < rows.length; i += this.maxInsertRows) {
      const chunk = rows.slice(i, i + this.maxInsertRows);
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
  ): Promise<InstanceWithTemplate[]> {
    let q = this.withTemplate()
      .where('i.specialist_id', '=', specialistId)
      .where('i.start_at', '>', fromMs - maxDurationMs)
      .where('i.start_at', '<', toMs)
      .where('i.end_at', '>', fromMs);
    if (!includeCancelled) q = q.where('i.status', '=', 'confirmed');
    return q.orderBy('i.start_at').orderBy('i.id').execute();
  }

  /** Removes never-edited, not-cancelled instances of a template starting at or after `fromMs`. */
  async deleteUneditedFrom(scheduleId: number, fromMs: number): Promise<number> {
    const r = await this.db
      .deleteFrom('instances')
      .where('schedule_id', '=', scheduleId)
      .where('original_start', '>=', fromMs)
      .where('is_exception', '=', 0)
      .where('status', '=', 'confirmed')
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async countAll(): Promise<number> {
    const r = await this.db
      .selectFrom('instances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
