import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import type { Storage } from '../../src/storage/storage.ts';

export type Dialect = 'sqlite' | 'postgres';

/** A fresh, migrated database for one benchmark run, and how to remove it. */
export interface BenchDatabase {
  readonly dialect: Dialect;
  /** A `DATABASE_URL` a spawned server process can open to reach the same data. */
  readonly url: string;
  readonly storage: Storage;
  drop(): Promise<void>;
}

/** The PostgreSQL to use: `DATABASE_URL` when it is a postgres URL, else the local test database. */
export function postgresBaseUrl(): string {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : 'postgres://postgres@127.0.0.1:5432/test';
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresBaseUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * SQLite: a new file under `.tmp/bench`. PostgreSQL: a new schema selected through the
 * connection's `search_path` (the approach of test/support/databases.ts), dropped at the end.
 */
export async function createBenchDatabase(dialect: Dialect): Promise<BenchDatabase> {
  const tag = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = resolve('.tmp/bench');
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
  await adminQuery(`create schema ${tag}`);
  const url = withSearchPath(postgresBaseUrl(), tag);
  const storage = openStorage(url);
  try {
    await migrateToLatest(storage);
  } catch (err) {
    await storage.close();
    await adminQuery(`drop schema ${tag} cascade`);
    throw err;
  }
  return {
    dialect,
    url,
    storage,
    async drop() {
      await storage.close();
      await adminQuery(`drop schema ${tag} cascade`);
    },
  };
}
