import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Storage } from '../storage.ts';
import { withStatementCache } from './statement-cache.ts';
import type { Database } from '../tables.ts';

/**
 * Opens the embedded database at `file` (created with its folder if missing). WAL lets readers
 * run beside the writer and the busy timeout makes a second process wait instead of failing
 * with SQLITE_BUSY.
 */
export function openSqlite(file: string): Storage {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return {
    db,
    capabilities: {
      name: 'sqlite',
      autoIncrementType: 'integer',
      reusesIdsWithoutAutoIncrement: true,
      hasSchemas: false,
      supportsRowLocks: false,
      maxInsertRows: 500,
    },
    // BEGIN IMMEDIATE takes the write lock up front (waiting up to busy_timeout): a deferred
    // transaction that reads and then writes fails with SQLITE_BUSY_SNAPSHOT when another process
    // wrote in between, and the busy handler cannot help it.
    transaction: (work) =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await work(conn);
          await sql`commit`.execute(conn);
          return result;
        } catch (err) {
          await sql`rollback`.execute(conn).catch(() => undefined);
          throw err;
        }
      }),
    close: () => db.destroy(),
  };
}
