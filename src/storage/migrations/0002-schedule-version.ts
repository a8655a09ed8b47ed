import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../storage.ts';

/**
 * A version per template, bumped by every edit: a view that expanded an older version must not
 * write its rows (checked under a row lock in the same transaction as the insert).
 */
export async function up(db: Kysely<unknown>, _caps?: DialectCapabilities): Promise<void> {
  await db.schema
    .alterTable('schedules')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // Overrides (moved or cancelled occurrences) of a specialist, read by the conflict check.
  await db.schema
    .createIndex('instances_specialist_overrides')
    .on('instances')
    .columns(['specialist_id', 'is_exception', 'status', 'start_at'])
    .execute();
  // Bearer tokens are looked up by their hash.
  await db.schema
    .createIndex('specialists_token_hash')
    .on('specialists')
    .column('token_hash')
    .execute();
}
