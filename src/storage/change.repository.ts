import { sql, type Kysely } from 'kysely';
import type { Change, ChangeEvent, ChangeType, ObjectKind } from '../domain/changes/change.ts';
import type { Database } from './tables.ts';

/** SQL for the change log. */
export class ChangeRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxRowsPerStatement: number,
  ) {}

  /**
   * Inside a write transaction, just before it commits: numbers the events by taking the next
   * `n` numbers from the one-row counter (its row lock is held until commit, so numbers are
   * handed out in commit order) and stores them. Returns them numbered.
   */
  async append(events: readonly ChangeEvent[], atMs: number): Promise<Change[]> {
    if (events.length === 0) return [];
    const row = await this.db
      .updateTable('change_counter')
      .set((eb) => ({ seq: eb('seq', '+', events.length) }))
      .where('id', '=', 1)
      .returning('seq')
      .executeTakeFirstOrThrow();
    const first = Number(row.seq) - events.length + 1;
    const changes = events.map((e, i) => ({ ...e, seq: first + i, at: atMs }));
    for (let i = 0; i < changes.length; i += this.maxRowsPerStatement)
      await this.db
        .insertInto('changes')
        .values(
          changes.slice(i, i + this.maxRowsPerStatement).map((c) => ({
            seq: c.seq,
            type: c.type,
            specialist_id: c.specialistId,
            object_kind: c.object.kind,
            object_id: c.object.id,
            at: c.at,
          })),
        )
        .execute();
    return changes;
  }

  /** Changes after `afterSeq`, in order, at most `limit` (one more is read to know if there are more). */
  async after(
    afterSeq: number,
    limit: number,
    specialistId?: number,
  ): Promise<{ changes: Change[]; hasMore: boolean }> {
    let q = this.db.selectFrom('changes').selectAll().where('seq', '>', afterSeq);
    if (specialistId !== undefined) q = q.where('specialist_id', '=', specialistId);
    const rows = await q
      .orderBy('seq')
      .limit(limit + 1)
      .execute();
    return {
      changes: rows.slice(0, limit).map((r) => ({
        seq: Number(r.seq),
        type: r.type as ChangeType,
        specialistId: r.specialist_id,
        object: { kind: r.object_kind as ObjectKind, id: r.object_id },
        at: Number(r.at),
      })),
      hasMore: rows.length > limit,
    };
  }

  /** The highest seq removed by retention (cursors at or before it, less than it, are expired). */
  async prunedThrough(): Promise<number> {
    const r = await this.db
      .selectFrom('change_counter')
      .select('pruned_through')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(r.pruned_through);
  }

  /** Removes changes older than `beforeMs`; remembers how far, so older cursors expire. */
  async prune(beforeMs: number): Promise<number> {
    const last = await this.db
      .selectFrom('changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('at', '<', beforeMs)
      .executeTakeFirst();
    const through = last?.seq === null || last?.seq === undefined ? null : Number(last.seq);
    if (through === null) return 0;
    const r = await this.db.deleteFrom('changes').where('seq', '<=', through).executeTakeFirst();
    await this.db
      .updateTable('change_counter')
      .set({
        pruned_through: sql<number>`case when pruned_through > ${through} then pruned_through else ${through} end`,
      })
      .where('id', '=', 1)
      .execute();
    return Number(r.numDeletedRows);
  }
}
