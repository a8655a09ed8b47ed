import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Storage } from '../storage.ts';
import type { Database } from '../tables.ts';

// BIGINT (int8) columns hold epoch milliseconds, far below 2^53: read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Opens a PostgreSQL pool for `url` (`postgres://…`); `poolSize` connections at most. */
export function openPostgres(url: string, poolSize = 10): Storage {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    capabilities: {
      name: 'postgres',
      autoIncrementType: 'serial',
      reusesIdsWithoutAutoIncrement: false,
      hasSchemas: true,
      supportsRowLocks: true,
      maxInsertRows: 1000,
    },
    transaction: (work) => db.transaction().execute(work),
    close: () => db.destroy(),
  };
}
