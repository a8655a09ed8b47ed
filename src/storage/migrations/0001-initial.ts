import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectCapabilities } from '../storage.ts';

/** Specialists, schedule templates and materialized instances. */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  const id = caps.autoIncrementType;
  // SQLite reuses the largest rowid after a delete unless AUTOINCREMENT is set; an id a client
  // still holds must never name a different occurrence.
  const pk = (c: ColumnDefinitionBuilder) =>
    caps.reusesIdsWithoutAutoIncrement ? c.primaryKey().autoIncrement() : c.primaryKey();
  await db.schema
    .createTable('specialists')
    .addColumn('id', id, pk)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('schedules')
    .addColumn('id', id, pk)
    .addColumn('specialist_id', 'integer', (c) => c.notNull().references('specialists.id'))
    .addColumn('recurring_event_id', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('recurrence_rule', 'text')
    .addColumn('dtstart_local', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'bigint', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('exdates', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('is_active', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint')
    .addColumn('materialized_ranges', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // "Active templates of specialist X whose lifetime overlaps [a, b)": one range scan on starts_at.
  await db.schema
    .createIndex('schedules_specialist_active_start')
    .on('schedules')
    .columns(['specialist_id', 'is_active', 'starts_at'])
    .execute();

  await db.schema
    .createTable('instances')
    .addColumn('id', id, pk)
    .addColumn('schedule_id', 'integer', (c) => c.notNull().references('schedules.id'))
    .addColumn('specialist_id', 'integer', (c) => c.notNull())
    .addColumn('original_start', 'bigint', (c) => c.notNull())
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('confirmed'))
    .addColumn('is_exception', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // The idempotency guarantee: one row per occurrence, whatever the number of concurrent writers.
    .addUniqueConstraint('instances_schedule_original_start', ['schedule_id', 'original_start'])
    .execute();
  // "Instances of specialist X overlapping [a, b)": start_at in [a - max duration, b), one range scan.
  await db.schema
    .createIndex('instances_specialist_start')
    .on('instances')
    .columns(['specialist_id', 'start_at'])
    .execute();
}
