import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Driver } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { ErrorMappingDriver } from '../error-mapping-driver.ts';
import type { Storage } from '../storage.ts';
import { withStatementCache } from './statement-cache.ts';
import type { Database } from '../tables.ts';

/** better-sqlite3 errors → `service_unavailable` when another process holds the lock too long or the file is gone. */
export function mapSqliteError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const closed = err instanceof TypeError && /not open/i.test(String(e.message));
  if (
    closed ||
    code.startsWith('SQLITE_BUSY') ||
    code.startsWith('SQLITE_LOCKED') ||
    code.startsWith('SQLITE_IOERR') ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_FULL'
  )
    return new DomainError(
      'service_unavailable',
      'the database is busy or unavailable; retry shortly',
      null,
      {
        cause: err,
      },
    );
  return err;
}

class RecurraSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    return new ErrorMappingDriver(super.createDriver(), mapSqliteError);
  }
}

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
    dialect: new RecurraSqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return {
    db,
    capabilities: {
      autoIncrementType: 'integer',
      reusesIdsWithoutAutoIncrement: true,
      hasSchemas: false,
      supportsRowLocks: false,
      supportsSkipLocked: false,
      supportsExclusionConstraints: false,
      sharedByProcesses: false,
      maxRowsPerStatement: 500,
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
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
