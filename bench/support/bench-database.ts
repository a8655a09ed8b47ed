import {
  createTestDatabase,
  type DialectName,
  type TestDatabase,
} from '../../test/support/databases.ts';

export type Dialect = DialectName;

/** A fresh, migrated database for one benchmark run, and how to remove it. */
export type BenchDatabase = TestDatabase;

/**
 * The same fresh databases the tests use (SQLite: a new file; PostgreSQL: a new schema selected
 * through `search_path`, from `DATABASE_URL` or the local default), dropped by `drop()`.
 */
export function createBenchDatabase(dialect: Dialect): Promise<BenchDatabase> {
  return createTestDatabase(dialect);
}
