import { Kysely, PostgresDialect, sql, type Driver } from 'kysely';
import pg from 'pg';
import { DomainError } from '../../domain/errors.ts';
import { ErrorMappingDriver } from '../error-mapping-driver.ts';
import type { Storage } from '../storage.ts';
import type { Database } from '../tables.ts';

// BIGINT (int8) columns hold epoch milliseconds, far below 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
/** SQLSTATEs that mean "not now" rather than "wrong": admin shutdown, starting up, too many clients, deadlock, serialization. */
const TRANSIENT_STATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);
/** node-postgres reports a lost socket or pool timeout only in its message. */
const LOST =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed/i;

/** node-postgres errors → `service_unavailable` when the database is out of reach or busy. */
export function mapPostgresError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (
    NETWORK_CODES.has(code) ||
    TRANSIENT_STATES.has(code) ||
    code.startsWith('08') ||
    LOST.test(message)
  )
    return new DomainError(
      'service_unavailable',
      'the database is unavailable; retry shortly',
      null,
      {
        cause: err,
      },
    );
  return err;
}

class RecurraPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new ErrorMappingDriver(super.createDriver(), mapPostgresError);
  }
}

/** Opens a PostgreSQL pool for `url` (`postgres://…`); `poolSize` connections at most. */
export function openPostgres(url: string, poolSize = 10): Storage {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new RecurraPostgresDialect({ pool }) });
  return {
    db,
    capabilities: {
      autoIncrementType: 'serial',
      reusesIdsWithoutAutoIncrement: false,
      hasSchemas: true,
      supportsRowLocks: true,
      supportsSkipLocked: true,
      supportsExclusionConstraints: true,
      sharedByProcesses: true,
      maxRowsPerStatement: 1000,
    },
    transaction: (work) => db.transaction().execute(work),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
