import type { Kysely } from 'kysely';
import type { Database } from './tables.ts';

/**
 * What differs between databases, as capabilities rather than `if (sqlite)` branches.
 */
export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /** Column type for an auto-incrementing integer primary key. */
  readonly autoIncrementType: 'integer' | 'serial';
  /** Ids are reused after deletes unless the key is declared AUTOINCREMENT (SQLite). */
  readonly reusesIdsWithoutAutoIncrement: boolean;
  /** The database has schemas (PostgreSQL): migration bookkeeping goes in the current one. */
  readonly hasSchemas: boolean;
  /** `SELECT … FOR UPDATE` row locks exist (PostgreSQL); SQLite serializes writers instead. */
  readonly supportsRowLocks: boolean;
  /** Rows per multi-row INSERT, below the database's bound-parameter limit. */
  readonly maxInsertRows: number;
}

/** An open database: the query builder, its capabilities, and how to close it. */
export interface Storage {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  /** Runs `work` in one write transaction on one connection; commits, or rolls back on a throw. */
  transaction<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
