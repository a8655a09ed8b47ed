import type { Kysely } from 'kysely';
import type { BookableService, ServiceFields } from '../domain/bookings/bookable-service.ts';
import type { Database, ServiceTable } from './tables.ts';
import type { Selectable } from 'kysely';

function toService(r: Selectable<ServiceTable>): BookableService {
  return {
    id: r.id,
    specialistId: r.specialist_id,
    name: r.name,
    durationMinutes: Number(r.duration_minutes),
    slotStepMinutes: Number(r.slot_step_minutes),
    bufferBeforeMinutes: Number(r.buffer_before_minutes),
    bufferAfterMinutes: Number(r.buffer_after_minutes),
    minNoticeMinutes: Number(r.min_notice_minutes),
    maxDaysAhead: Number(r.max_days_ahead),
    capacity: Number(r.capacity),
    maxPerDay: r.max_per_day === null ? null : Number(r.max_per_day),
    scheduleIds: r.schedule_ids === null ? null : (JSON.parse(r.schedule_ids) as number[]),
    isActive: Number(r.is_active) === 1,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function columns(f: ServiceFields) {
  return {
    name: f.name,
    duration_minutes: f.durationMinutes,
    slot_step_minutes: f.slotStepMinutes,
    buffer_before_minutes: f.bufferBeforeMinutes,
    buffer_after_minutes: f.bufferAfterMinutes,
    min_notice_minutes: f.minNoticeMinutes,
    max_days_ahead: f.maxDaysAhead,
    capacity: f.capacity,
    max_per_day: f.maxPerDay,
    schedule_ids: f.scheduleIds === null ? null : JSON.stringify(f.scheduleIds),
  };
}

/** SQL for services (what clients book); returns `BookableService` records. */
export class ServiceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(specialistId: number, f: ServiceFields, nowMs: number): Promise<BookableService> {
    const r = await this.db
      .insertInto('services')
      .values({
        specialist_id: specialistId,
        ...columns(f),
        is_active: 1,
        created_at: nowMs,
        updated_at: nowMs,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toService(r);
  }

  async update(id: number, f: ServiceFields, nowMs: number): Promise<BookableService> {
    const r = await this.db
      .updateTable('services')
      .set({ ...columns(f), updated_at: nowMs })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toService(r);
  }

  async deactivate(id: number, nowMs: number): Promise<void> {
    await this.db
      .updateTable('services')
      .set({ is_active: 0, updated_at: nowMs })
      .where('id', '=', id)
      .execute();
  }

  async findById(specialistId: number, id: number): Promise<BookableService | undefined> {
    const r = await this.db
      .selectFrom('services')
      .selectAll()
      .where('id', '=', id)
      .where('specialist_id', '=', specialistId)
      .executeTakeFirst();
    return r && toService(r);
  }

  async findByIds(ids: readonly number[]): Promise<BookableService[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('services')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    return rows.map(toService);
  }

  async list(specialistId: number, includeInactive: boolean): Promise<BookableService[]> {
    let q = this.db.selectFrom('services').selectAll().where('specialist_id', '=', specialistId);
    if (!includeInactive) q = q.where('is_active', '=', 1);
    return (await q.orderBy('id').execute()).map(toService);
  }

  async countAll(): Promise<{ active: number; inactive: number }> {
    const rows = await this.db
      .selectFrom('services')
      .select(['is_active', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('is_active')
      .execute();
    const n = (active: number) => Number(rows.find((r) => Number(r.is_active) === active)?.n ?? 0);
    return { active: n(1), inactive: n(0) };
  }
}
