import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectCapabilities } from '../storage.ts';

/**
 * The change log, and webhooks with their durable outbox.
 *
 * `changes.seq` comes from the one-row `change_counter`, incremented by each writing transaction
 * just before it commits: the row lock is held until commit, so a later number is only ever handed
 * out after the earlier transaction committed, and readers see `seq` in commit order.
 * `webhook_deliveries` are written in the same transaction as their change (the outbox): a change
 * committed is a delivery owed, whatever happens to the process afterwards.
 */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  const id = caps.autoIncrementType;
  const pk = (c: ColumnDefinitionBuilder) =>
    caps.reusesIdsWithoutAutoIncrement ? c.primaryKey().autoIncrement() : c.primaryKey();

  await db.schema
    .createTable('change_counter')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    /** Changes up to this seq were removed by retention: older cursors answer 410. */
    .addColumn('pruned_through', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('change_counter' as never)
    .values({ id: 1, seq: 0, pruned_through: 0 })
    .execute();

  await db.schema
    .createTable('changes')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('specialist_id', 'integer', (c) => c.notNull())
    .addColumn('object_kind', 'text', (c) => c.notNull())
    .addColumn('object_id', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('changes_specialist_seq')
    .on('changes')
    .columns(['specialist_id', 'seq'])
    .execute();
  await db.schema.createIndex('changes_at').on('changes').column('at').execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', id, pk)
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('specialist_id', 'integer')
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('is_active', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('disabled_reason', 'text')
    .addColumn('failing_since', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', id, pk)
    .addColumn('webhook_id', 'integer', (c) =>
      c.notNull().references('webhooks.id').onDelete('cascade'),
    )
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'bigint')
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_webhook')
    .on('webhook_deliveries')
    .columns(['webhook_id', 'id'])
    .execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', id, pk)
    .addColumn('delivery_id', 'integer', (c) =>
      c.notNull().references('webhook_deliveries.id').onDelete('cascade'),
    )
    .addColumn('attempted_at', 'bigint', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    /** The process that sent it (host:pid:random). */
    .addColumn('worker', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_attempts_delivery')
    .on('webhook_attempts')
    .column('delivery_id')
    .execute();

  // The key that seals webhook secrets at rest when RECURRA_SECRET_KEY is not given.
  await db.schema
    .createTable('server_keys')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
