import type { Kysely } from 'kysely';
import type { Database, SpecialistRow } from './tables.ts';

/** SQL for specialists, nothing else. */
export class SpecialistRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: {
    name: string;
    timezone: string;
    token_hash: string | null;
    created_at: number;
  }): Promise<SpecialistRow> {
    return this.db.insertInto('specialists').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async findById(id: number): Promise<SpecialistRow | undefined> {
    return this.db.selectFrom('specialists').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The specialist a token belongs to (by its stored hash; indexed). */
  async findByTokenHash(hash: string): Promise<SpecialistRow | undefined> {
    return this.db
      .selectFrom('specialists')
      .selectAll()
      .where('token_hash', '=', hash)
      .executeTakeFirst();
  }

  async list(): Promise<SpecialistRow[]> {
    return this.db.selectFrom('specialists').selectAll().orderBy('id').execute();
  }
}
