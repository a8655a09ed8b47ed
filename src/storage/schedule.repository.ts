import { sql, type Kysely } from 'kysely';
import type { Ranges } from '../domain/instances/materialized-ranges.ts';
import type { Schedule } from '../domain/schedules/schedule.ts';
import { rangesColumn, toSchedule } from './records.ts';
import type { Database } from './tables.ts';

/** The columns of a schedule that a caller provides or changes. */
export interface ScheduleFields {
  readonly title: string;
  readonly rule: string | null;
  readonly dtstart: string;
  readonly durationMs: number;
  readonly timeZone: string;
  readonly exdates: readonly string[];
  readonly startsAt: number;
  readonly endsAt: number | null;
}

export interface NewSchedule extends ScheduleFields {
  readonly specialistId: number;
  readonly recurringEventId: string;
  readonly isActive: boolean;
  readonly deletedAt: number | null;
  readonly materializedRanges: Ranges;
  readonly createdAt: number;
}

export type ScheduleChanges = Partial<
  ScheduleFields & {
    isActive: boolean;
    deletedAt: number | null;
    materializedRanges: Ranges;
    updatedAt: number;
  }
>;

function columns(c: ScheduleChanges) {
  return {
    ...(c.title !== undefined && { title: c.title }),
    ...(c.rule !== undefined && { recurrence_rule: c.rule }),
    ...(c.dtstart !== undefined && { dtstart_local: c.dtstart }),
    ...(c.durationMs !== undefined && { duration_ms: c.durationMs }),
    ...(c.timeZone !== undefined && { timezone: c.timeZone }),
    ...(c.exdates !== undefined && { exdates: JSON.stringify(c.exdates) }),
    ...(c.startsAt !== undefined && { starts_at: c.startsAt }),
    ...(c.endsAt !== undefined && { ends_at: c.endsAt }),
    ...(c.isActive !== undefined && { is_active: c.isActive ? 1 : 0 }),
    ...(c.deletedAt !== undefined && { deleted_at: c.deletedAt }),
    ...(c.materializedRanges !== undefined && {
      materialized_ranges: rangesColumn(c.materializedRanges),
    }),
    ...(c.updatedAt !== undefined && { updated_at: c.updatedAt }),
  };
}

/** SQL for schedules; returns `Schedule` records. */
export class ScheduleRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(s: NewSchedule): Promise<Schedule> {
    const row = await this.db
      .insertInto('schedules')
      .values({
        specialist_id: s.specialistId,
        recurring_event_id: s.recurringEventId,
        title: s.title,
        recurrence_rule: s.rule,
        dtstart_local: s.dtstart,
        duration_ms: s.durationMs,
        timezone: s.timeZone,
        exdates: JSON.stringify(s.exdates),
        is_active: s.isActive ? 1 : 0,
        deleted_at: s.deletedAt,
        starts_at: s.startsAt,
        ends_at: s.endsAt,
        materialized_ranges: rangesColumn(s.materializedRanges),
        created_at: s.createdAt,
        updated_at: s.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSchedule(row);
  }

  async findById(specialistId: number, id: number): Promise<Schedule | undefined> {
    const r = await this.db
      .selectFrom('schedules')
      .selectAll()
      .where('id', '=', id)
      .where('specialist_id', '=', specialistId)
      .executeTakeFirst();
    return r && toSchedule(r);
  }

  async findByIds(ids: readonly number[]): Promise<Schedule[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('schedules')
      .selectAll()
      .where('id', 'in', [...ids])
      .orderBy('id')
      .execute();
    return rows.map(toSchedule);
  }

  async list(specialistId: number, includeInactive: boolean): Promise<Schedule[]> {
    let q = this.db.selectFrom('schedules').selectAll().where('specialist_id', '=', specialistId);
    if (!includeInactive) q = q.where('is_active', '=', 1);
    return (await q.orderBy('starts_at').orderBy('id').execute()).map(toSchedule);
  }

  /**
   * Schedules of one specialist with an occurrence possibly overlapping `[fromMs, toMs)`: active
   * ones, and deleted ones whose history reaches into it. One index range scan.
   */
  async findOverlapping(
    specialistId: number,
    fromMs: number,
    toMs: number,
    opts: { activeOnly?: boolean } = {},
  ): Promise<Schedule[]> {
    let q = this.db
      .selectFrom('schedules')
      .selectAll()
      .where('specialist_id', '=', specialistId)
      .where('starts_at', '<', toMs)
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', fromMs)]));
    if (opts.activeOnly) q = q.where('is_active', '=', 1);
    return (await q.orderBy('id').execute()).map(toSchedule);
  }

  /** Records the materialized windows of several schedules in one statement. */
  async setMaterializedRanges(
    updates: ReadonlyArray<{ id: number; ranges: Ranges }>,
  ): Promise<void> {
    if (updates.length === 0) return;
    const cases = sql.join(
      updates.map((u) => sql`when ${u.id} then ${rangesColumn(u.ranges)}`),
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

  /** Updates a schedule and bumps its version (the feed's SEQUENCE). */
  async update(id: number, changes: ScheduleChanges): Promise<Schedule> {
    const row = await this.db
      .updateTable('schedules')
      .set((eb) => ({ ...columns(changes), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSchedule(row);
  }

  async countAll(): Promise<number> {
    const r = await this.db
      .selectFrom('schedules')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
