import pg from 'pg';
import { postgresUrl } from './postgres-url.ts';

/**
 * Fails fast, with a clear message, when the PostgreSQL the suite needs is not answering
 * (the tests run against the real database; nothing is skipped for its absence).
 */
export default async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('select 1');
    // Once, before test files migrate their schemas in parallel (the migration creates it too).
    await client.query('create extension if not exists btree_gist with schema public');
  } catch (err) {
    throw new Error(
      `PostgreSQL at ${postgresUrl()} does not answer (set DATABASE_URL to a postgres:// URL): ${String(err)}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
