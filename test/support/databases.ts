import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { openStorage } from '../../src/storage/open-storage.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import type { Storage } from '../../src/storage/storage.ts';
import { postgresUrl } from './postgres-url.ts';

export type DialectName = 'sqlite' | 'postgres';
/** Every shared suite runs once per real database. */
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

/** A fresh, empty, migrated database of one kind, and how to drop it. */
export interface TestDatabase {
  readonly dialect: DialectName;
  /** A `DATABASE_URL` another process can open to reach the same data. */
  readonly url: string;
  readonly storage: Storage;
  drop(): Promise<void>;
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/**
 * SQLite: a new file under `.tmp/`. PostgreSQL: a new schema in the test database, selected
 * through the connection's `search_path`, so test files run in parallel without seeing each other.
 */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const tag = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = resolve('.tmp/db');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${tag}.db`);
    const url = `sqlite:${file}`;
    const storage = openStorage(url);
    await migrateToLatest(storage);
    return {
      dialect,
      url,
      storage,
      async drop() {
        await storage.close();
        for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
      },
    };
  }
  const admin = new pg.Client({ connectionString: postgresUrl() });
  await admin.connect();
  await admin.query(`create schema ${tag}`);
  await admin.end();
  const url = withSearchPath(postgresUrl(), tag);
  const storage = openStorage(url);
  await migrateToLatest(storage);
  let dropped: Promise<void> | undefined;
  return {
    dialect,
    url,
    storage,
    // Once only: a hook that runs again after a timed-out beforeEach must not fail on a schema that
    // is already gone (that error used to hide the real one).
    drop() {
      dropped ??= (async () => {
        await storage.close();
        const c = new pg.Client({ connectionString: postgresUrl() });
        await c.connect();
        await c.query(`drop schema if exists ${tag} cascade`);
        await c.end();
      })();
      return dropped;
    },
  };
}
