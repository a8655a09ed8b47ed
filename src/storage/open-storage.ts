import { resolve } from 'node:path';
import { openPostgres } from './postgres/postgres-storage.ts';
import { openSqlite } from './sqlite/sqlite-storage.ts';
import type { Storage } from './storage.ts';

/**
 * Opens the database a `DATABASE_URL` names: `sqlite:./data/recurra.db` (path relative to the
 * working directory, or `sqlite::memory:`) or `postgres://…` / `postgresql://…`.
 */
export function openStorage(url: string): Storage {
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    return openSqlite(path === ':memory:' ? path : resolve(path));
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
}
