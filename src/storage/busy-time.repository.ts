import type { Kysely, Selectable } from 'kysely';
import type { Interval } from '../domain/bookings/intervals.ts';
import type { BusyCalendarTable, Database } from './tables.ts';

/** A specialist's external calendar, as stored. */
export interface BusyCalendar {
  readonly id: number;
  readonly specialistId: number;
  readonly url: string;
  readonly name: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly lastFetchedAt: number | null;
  readonly lastStatus: string | null;
  readonly events: number;
  readonly nextFetchAt: number;
  readonly createdAt: number;
}

function toCalendar(r: Selectable<BusyCalendarTable>): BusyCalendar {
  return {
    id: r.id,
    specialistId: r.specialist_id,
    url: r.url,
    name: r.name,
    etag: r.etag,
    lastModified: r.last_modified,
    lastFetchedAt: r.last_fetched_at === null ? null : Number(r.last_fetched_at),
    lastStatus: r.last_status,
    events: Number(r.events),
    nextFetchAt: Number(r.next_fetch_at),
    createdAt: Number(r.created_at),
  };
}

/** Busy intervals last longer than a day only as all-day runs; this bounds the window scan. */
const MAX_INTERVAL_MS = 400 * 86_400_000;

/** SQL for external busy calendars and their busy intervals. */
export class BusyTimeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The specialist's busy intervals overlapping `[fromMs, toMs)`, from all its calendars. */
  async intervals(specialistId: number, fromMs: number, toMs: number): Promise<Interval[]> {
    return (await this.intervalsOf([specialistId], fromMs, toMs)).get(specialistId) ?? [];
  }

  /** `intervals` of several specialists in one statement, by specialist id (sorted by start). */
  async intervalsOf(
    specialistIds: readonly number[],
    fromMs: number,
    toMs: number,
  ): Promise<Map<number, Interval[]>> {
    const out = new Map<number, Interval[]>();
    if (specialistIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('busy_intervals')
      .select(['specialist_id', 'start_at', 'end_at'])
      .where('specialist_id', 'in', [...specialistIds])
      .where('start_at', '<', toMs)
      .where('start_at', '>', fromMs - MAX_INTERVAL_MS)
      .where('end_at', '>', fromMs)
      .orderBy('start_at')
      .execute();
    for (const r of rows) {
      const list = out.get(r.specialist_id) ?? [];
      if (list.length === 0) out.set(r.specialist_id, list);
      list.push({ startMs: Number(r.start_at), endMs: Number(r.end_at) });
    }
    return out;
  }

  async insertCalendar(c: {
    specialistId: number;
    url: string;
    name: string;
    nowMs: number;
  }): Promise<BusyCalendar> {
    const r = await this.db
      .insertInto('busy_calendars')
      .values({
        specialist_id: c.specialistId,
        url: c.url,
        name: c.name,
        etag: null,
        last_modified: null,
        last_fetched_at: null,
        last_status: null,
        next_fetch_at: c.nowMs,
        created_at: c.nowMs,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toCalendar(r);
  }

  async findCalendar(specialistId: number, id: number): Promise<BusyCalendar | undefined> {
    const r = await this.db
      .selectFrom('busy_calendars')
      .selectAll()
      .where('id', '=', id)
      .where('specialist_id', '=', specialistId)
      .executeTakeFirst();
    return r && toCalendar(r);
  }

  async listCalendars(specialistId?: number): Promise<BusyCalendar[]> {
    let q = this.db.selectFrom('busy_calendars').selectAll();
    if (specialistId !== undefined) q = q.where('specialist_id', '=', specialistId);
    return (await q.orderBy('id').execute()).map(toCalendar);
  }

  /** Calendars whose next fetch is due at `nowMs`, oldest first. */
  async dueCalendars(nowMs: number, limit: number): Promise<BusyCalendar[]> {
    const rows = await this.db
      .selectFrom('busy_calendars')
      .selectAll()
      .where('next_fetch_at', '<=', nowMs)
      .orderBy('next_fetch_at')
      .limit(limit)
      .execute();
    return rows.map(toCalendar);
  }

  async deleteCalendar(id: number): Promise<void> {
    await this.db.deleteFrom('busy_intervals').where('calendar_id', '=', id).execute();
    await this.db.deleteFrom('busy_calendars').where('id', '=', id).execute();
  }

  /** Replaces a calendar's intervals with a new fetch's (inside the caller's transaction). */
  async replaceIntervals(
    calendar: Pick<BusyCalendar, 'id' | 'specialistId'>,
    intervals: readonly Interval[],
    chunk: number,
  ): Promise<void> {
    await this.db.deleteFrom('busy_intervals').where('calendar_id', '=', calendar.id).execute();
    for (let i = 0; i < intervals.length; i += chunk) {
      await this.db
        .insertInto('busy_intervals')
        .values(
          intervals.slice(i, i + chunk).map((b) => ({
            calendar_id: calendar.id,
            specialist_id: calendar.specialistId,
            start_at: b.startMs,
            end_at: b.endMs,
          })),
        )
        .execute();
    }
  }

  async recordFetch(
    id: number,
    f: {
      etag?: string | null;
      lastModified?: string | null;
      fetchedAt: number;
      status: string;
      events?: number;
      nextFetchAt: number;
    },
  ): Promise<void> {
    await this.db
      .updateTable('busy_calendars')
      .set({
        ...(f.etag !== undefined && { etag: f.etag }),
        ...(f.lastModified !== undefined && { last_modified: f.lastModified }),
        ...(f.events !== undefined && { events: f.events }),
        last_fetched_at: f.fetchedAt,
        last_status: f.status,
        next_fetch_at: f.nextFetchAt,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Claims a calendar for one fetch: moves its next fetch on, if nobody did since `seenNext`. */
  async claim(id: number, seenNext: number, until: number): Promise<boolean> {
    const r = await this.db
      .updateTable('busy_calendars')
      .set({ next_fetch_at: until })
      .where('id', '=', id)
      .where('next_fetch_at', '=', seenNext)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
