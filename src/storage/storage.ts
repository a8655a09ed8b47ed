import type { Kysely } from 'kysely';
import type { Database } from './tables.ts';

/**
 * What differs between databases, as capabilities rather than `if (sqlite)` branches.
 */
export interface DialectCapabilities {
  /** Column type for an auto-incrementing integer primary key. */
  readonly autoIncrementType: 'integer' | 'serial';
  /** Ids are reused after deletes unless the key is declared AUTOINCREMENT (SQLite). */
  readonly reusesIdsWithoutAutoIncrement: boolean;
  /** The database has schemas (PostgreSQL): migration bookkeeping goes in the current one. */
  readonly hasSchemas: boolean;
  /** `SELECT … FOR UPDATE` row locks exist (PostgreSQL); SQLite serializes writers instead. */
  readonly supportsRowLocks: boolean;
  /** `FOR UPDATE SKIP LOCKED` exists (PostgreSQL): workers claim rows without waiting on each other. */
  readonly supportsSkipLocked: boolean;
  /** Exclusion constraints (PostgreSQL with btree_gist): overlapping bookings refused by the database. */
  readonly supportsExclusionConstraints: boolean;
  /** Several server processes are expected to share it (PostgreSQL): shared state must live in it. */
  readonly sharedByProcesses: boolean;
  /** Rows per multi-row statement, below the database's bound-parameter limit. */
  readonly maxRowsPerStatement: number;
}

/** An open database: the query builder, its capabilities, and how to use and close it. */
export interface Storage {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  /** Runs `work` in one write transaction on one connection; commits, or rolls back on a throw. */
  transaction<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Resolves when the database answers; rejects with `service_unavailable` otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
