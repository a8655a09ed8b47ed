import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as initial from './migrations/0001-initial.ts';
import * as scheduleVersion from './migrations/0002-schedule-version.ts';
import * as occurrenceModel from './migrations/0003-occurrence-model.ts';
import * as rateLimits from './migrations/0004-rate-limits.ts';
import * as bookings from './migrations/0005-bookings.ts';
import * as busyCalendars from './migrations/0006-busy-calendars.ts';
import * as changesAndWebhooks from './migrations/0007-changes-and-webhooks.ts';
import type { Storage } from './storage.ts';

/** Migrations in order; each receives the dialect's capabilities for the few types that differ. */
const MIGRATIONS = {
  '0001-initial': initial,
  '0002-schedule-version': scheduleVersion,
  '0003-occurrence-model': occurrenceModel,
  '0004-rate-limits': rateLimits,
  '0005-bookings': bookings,
  '0006-busy-calendars': busyCalendars,
  '0007-changes-and-webhooks': changesAndWebhooks,
} as const;

class StaticProvider implements MigrationProvider {
  constructor(private readonly storage: Storage) {}
  getMigrations(): Promise<Record<string, Migration>> {
    const caps = this.storage.capabilities;
    return Promise.resolve(
      Object.fromEntries(
        Object.entries(MIGRATIONS).map(([name, m]) => [
          name,
          { up: (db: Kysely<unknown>) => m.up(db, caps) },
        ]),
      ),
    );
  }
}

/**
 * Applies pending migrations, idempotently; safe when several processes start at once (Kysely
 * takes a lock table on SQLite and an advisory lock on PostgreSQL). Returns the names applied.
 */
export async function migrateToLatest(storage: Storage): Promise<string[]> {
  // On PostgreSQL the migration tables live in the connection's own schema: without this, Kysely
  // finds them in any schema of the database, skips creating them here, and then fails.
  const schema = storage.capabilities.hasSchemas
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(storage.db)).rows[0]
        ?.schema
    : undefined;
  const migrator = new Migrator({
    db: storage.db,
    provider: new StaticProvider(storage),
    ...(schema !== undefined && { migrationTableSchema: schema }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error)
    throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
