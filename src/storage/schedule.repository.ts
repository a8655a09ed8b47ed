import { sql, type Kysely } from 'kysely';
import type { Database, NewScheduleRow, ScheduleRow } from './tables.ts';

/** SQL for schedule templates. */
export class ScheduleRepository {
  constructor(private readonly db: Kysely<Database>) {}

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

  async update(id: number, changes: Partial<Omit<ScheduleRow, 'id'>>): Promise<ScheduleRow> {
    return this.db
      .updateTable('schedules')
      .set(changes)
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
