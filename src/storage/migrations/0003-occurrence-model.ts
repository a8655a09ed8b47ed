import { sql, type Kysely } from 'kysely';
import type { DialectCapabilities } from '../storage.ts';

/**
 * The occurrence model: a deleted schedule keeps its history (occurrences before `deleted_at`),
 * so views find schedules by lifetime whether active or not; a specialist carries a version that
 * every write bumps (ETags) and the windows all of its schedules have materialized.
 */
export async function up(db: Kysely<unknown>, _caps?: DialectCapabilities): Promise<void> {
  await db.schema.alterTable('schedules').addColumn('deleted_at', 'bigint').execute();
  await sql`update schedules set deleted_at = updated_at where is_active = 0`.execute(db);
  // "Schedules of specialist X whose lifetime overlaps [a, b)", active or deleted (history).
  await db.schema
    .createIndex('schedules_specialist_start')
    .on('schedules')
    .columns(['specialist_id', 'starts_at'])
    .execute();
  await db.schema
    .alterTable('specialists')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('specialists')
    .addColumn('materialized_ranges', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}
