import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectCapabilities } from '../storage.ts';

/**
 * External busy calendars (a specialist's own iCalendar URL) and the busy intervals last fetched
 * from each, replaced atomically on every successful fetch. Slots and free/busy read the
 * intervals; nothing on a request path ever fetches.
 */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  const id = caps.autoIncrementType;
  const pk = (c: ColumnDefinitionBuilder) =>
    caps.reusesIdsWithoutAutoIncrement ? c.primaryKey().autoIncrement() : c.primaryKey();
  await db.schema
    .createTable('busy_calendars')
    .addColumn('id', id, pk)
    .addColumn('specialist_id', 'integer', (c) => c.notNull().references('specialists.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('last_fetched_at', 'bigint')
    .addColumn('last_status', 'text')
    .addColumn('events', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_fetch_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('busy_calendars_specialist')
    .on('busy_calendars')
    .column('specialist_id')
    .execute();
  await db.schema
    .createIndex('busy_calendars_due')
    .on('busy_calendars')
    .column('next_fetch_at')
    .execute();
  await db.schema
    .createTable('busy_intervals')
    .addColumn('calendar_id', 'integer', (c) =>
      c.notNull().references('busy_calendars.id').onDelete('cascade'),
    )
    .addColumn('specialist_id', 'integer', (c) => c.notNull())
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('busy_intervals_specialist_start')
    .on('busy_intervals')
    .columns(['specialist_id', 'start_at'])
    .execute();
  await db.schema
    .createIndex('busy_intervals_calendar')
    .on('busy_intervals')
    .column('calendar_id')
    .execute();
}
