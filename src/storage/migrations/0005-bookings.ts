import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import type { DialectCapabilities } from '../storage.ts';

/**
 * Services (what a client books), holds, bookings and idempotency keys.
 *
 * Double-booking is made impossible by the database, in layers: every hold and booking write runs
 * in a transaction that holds its specialist's row lock (PostgreSQL `FOR UPDATE` through an
 * `UPDATE`, SQLite's single writer), so "is the slot free?" and the insert are one atomic step;
 * a confirmed booking takes a seat, unique per (service, start, seat), so a slot can never hold
 * two bookings in one seat; and on PostgreSQL an exclusion constraint refuses any two confirmed
 * bookings of one specialist whose buffered spans overlap, unless they share the very slot
 * (same service and start: a group session).
 */
export async function up(db: Kysely<unknown>, caps: DialectCapabilities): Promise<void> {
  const id = caps.autoIncrementType;
  const pk = (c: ColumnDefinitionBuilder) =>
    caps.reusesIdsWithoutAutoIncrement ? c.primaryKey().autoIncrement() : c.primaryKey();

  await db.schema
    .createTable('services')
    .addColumn('id', id, pk)
    .addColumn('specialist_id', 'integer', (c) => c.notNull().references('specialists.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('slot_step_minutes', 'integer', (c) => c.notNull())
    .addColumn('buffer_before_minutes', 'integer', (c) => c.notNull())
    .addColumn('buffer_after_minutes', 'integer', (c) => c.notNull())
    .addColumn('min_notice_minutes', 'integer', (c) => c.notNull())
    .addColumn('max_days_ahead', 'integer', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('max_per_day', 'integer')
    .addColumn('schedule_ids', 'text')
    .addColumn('is_active', 'smallint', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('services_specialist')
    .on('services')
    .columns(['specialist_id', 'is_active'])
    .execute();

  await db.schema
    .createTable('holds')
    .addColumn('id', id, pk)
    .addColumn('specialist_id', 'integer', (c) => c.notNull().references('specialists.id'))
    .addColumn('service_id', 'integer', (c) => c.notNull().references('services.id'))
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint', (c) => c.notNull())
    .addColumn('span_start', 'bigint', (c) => c.notNull())
    .addColumn('span_end', 'bigint', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('holds_specialist_span')
    .on('holds')
    .columns(['specialist_id', 'span_start'])
    .execute();

  await db.schema
    .createTable('bookings')
    .addColumn('id', id, pk)
    .addColumn('specialist_id', 'integer', (c) => c.notNull().references('specialists.id'))
    .addColumn('service_id', 'integer', (c) => c.notNull().references('services.id'))
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint', (c) => c.notNull())
    // The buffers as they were when booked: a later service edit leaves bookings as they are.
    .addColumn('span_start', 'bigint', (c) => c.notNull())
    .addColumn('span_end', 'bigint', (c) => c.notNull())
    .addColumn('seat', 'integer', (c) => c.notNull())
    .addColumn('slot_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('client_name', 'text', (c) => c.notNull())
    .addColumn('client_email', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('cancel_token_hash', 'text', (c) => c.notNull())
    .addColumn('outside_availability', 'smallint', (c) => c.notNull().defaultTo(0))
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('bookings_specialist_span')
    .on('bookings')
    .columns(['specialist_id', 'span_start'])
    .execute();
  await db.schema
    .createIndex('bookings_specialist_start')
    .on('bookings')
    .columns(['specialist_id', 'start_at'])
    .execute();
  // One booking per seat of a slot: a slot never holds more bookings than seats were handed out.
  await sql`create unique index bookings_one_per_seat on bookings (service_id, start_at, seat) where status = 'confirmed'`.execute(
    db,
  );
  if (caps.supportsExclusionConstraints) {
    await sql`create extension if not exists btree_gist with schema public`
      .execute(db)
      .catch(() => undefined); // another process or test schema made it at the same moment
    await sql`alter table bookings add constraint bookings_no_overlap exclude using gist (
      specialist_id with =,
      int8range(span_start, span_end) with &&,
      slot_key with <>
    ) where (status = 'confirmed')`.execute(db);
  }

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('specialist_id', 'integer', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('booking_id', 'integer', (c) => c.notNull().references('bookings.id'))
    .addColumn('sealed_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['specialist_id', 'key'])
    .execute();
  await db.schema
    .createIndex('idempotency_keys_created')
    .on('idempotency_keys')
    .column('created_at')
    .execute();
}
