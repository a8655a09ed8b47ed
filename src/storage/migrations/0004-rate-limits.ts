import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../storage.ts';

/** Request counters per client and window, shared by every server process of one database. */
export async function up(db: Kysely<unknown>, _caps?: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute();
}
