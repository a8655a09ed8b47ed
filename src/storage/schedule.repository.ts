import { sql, type Kysely } from 'kysely';
import type { Database, NewScheduleRow, ScheduleRow } from './tables.ts';

/** SQL for schedule templates. */
export class ScheduleRepository {
  /** `rowLocks`: the database has `FOR UPDATE` / `FOR SHARE` (PostgreSQL); SQLite serializes writers instead. */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly rowLocks: boolean,
  ) {}

  /**
   * Reads templates inside a transaction, locked (`FOR UPDATE`, in id order) until it commits, so
   * an edit and a materializing view of the same template never interleave. Not `FOR SHARE`: two
   * views that both then update the coverage would deadlock upgrading their shared locks.
   */
  async lockByIds(ids: readonly number[]): Promise<ScheduleRow[]> {
    if (ids.length === 0) return [];
    let q = this.db
      .selectFrom('schedules')
      .selectAll()
      .where('id', 'in', [...ids])
      .orderBy('id');
    if (this.rowLocks) q = q.forUpdate();
    return q.execute();
  }

  /** Plain read of several templates. */
  async findByIds(ids: readonly number[]): Promise<ScheduleRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('schedules')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
  }

  /** Serializes writes of one specialist (create/edit + conflict check) until the transaction ends. */
  async lockSpecialist(specialistId: number): Promise<void> {
    let q = this.db.selectFrom('specialists').select('id').where('id', '=', specialistId);
    if (this.rowLocks) q = q.forUpdate();
    await q.execute();
  }

  async insert(row: NewScheduleRow): Promise<ScheduleRow> {
    return this.db.insertInto('schedules').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async findById(specialistId: number, id: number): Promise<ScheduleRow | undefined> {
    return this.db
      .selectFrom('schedules')
      .selectAll()
      .where('id', '=', id)
      .where('specialist_id', '=', specialistId)
      .executeTakeFirst();
  }

  async list(specialistId: number, includeInactive: boolean): Promise<ScheduleRow[]> {
    let q = this.db.selectFrom('schedules').selectAll().where('specialist_id', '=', specialistId);
    if (!includeInactive) q = q.where('is_active', '=', 1);
    return q.orderBy('starts_at').orderBy('id').execute();
  }

  /** Active templates of one specialist whose lifetime overlaps `[fromMs, toMs)`: one index range scan. */
  async findActiveOverlapping(
    specialistId: number,
    fromMs: number,
    toMs: number,
  ): Promise<ScheduleRow[]> {
    return this.db
      .selectFrom('schedules')
      .selectAll()
      .where('specialist_id', '=', specialistId)
      .where('is_active', '=', 1)
      .where('starts_at', '<', toMs)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', fromMs)]))
      .orderBy('id')
      .execute();
  }

  /** Records the materialized windows of several templates in one statement. */
  async setMaterializedRanges(
    updates: ReadonlyArray<{ id: number; ranges: string }>,
  ): Promise<void> {
    if (updates.length === 0) return;
    const cases = sql.join(
      updates.map((u) => sql`when ${u.id} then ${u.ranges}`),
      sql` `,
    );
    await this.db
      .updateTable('schedules')
      .set({ materialized_ranges: sql<string>`case id ${cases} else materialized_ranges end` })
      .where(
        'id',
        'in',
        updates.map((u) => u.id),
      )
      .execute();
  }

  /** Updates a template and bumps its version (the feed's SEQUENCE; a guard for concurrent writers). */
  async update(
    id: number,
    changes: Partial<Omit<ScheduleRow, 'id' | 'version'>>,
  ): Promise<ScheduleRow> {
    return this.db
      .updateTable('schedules')
      .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async countAll(): Promise<number> {
    const r = await this.db
      .selectFrom('schedules')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
