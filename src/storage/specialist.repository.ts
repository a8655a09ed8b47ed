import type { Kysely } from 'kysely';
import type { Ranges } from '../domain/instances/materialized-ranges.ts';
import type { Specialist } from '../domain/specialists/specialist.ts';
import { CompiledOnce } from './compiled-once.ts';
import { rangesColumn, toSpecialist } from './records.ts';
import type { Database } from './tables.ts';

/** SQL for specialists. The specialist row is also the lock that serializes a specialist's writes. */
export class SpecialistRepository {
  private readonly versionQuery: CompiledOnce;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly rowLocks: boolean,
  ) {
    this.versionQuery = new CompiledOnce(
      db,
      (id) => db.selectFrom('specialists').select(['version', 'timezone']).where('id', '=', id),
      1,
    );
  }

  async insert(row: {
    name: string;
    timezone: string;
    token_hash: string | null;
    created_at: number;
  }): Promise<Specialist> {
    return toSpecialist(
      await this.db.insertInto('specialists').values(row).returningAll().executeTakeFirstOrThrow(),
    );
  }

  async findById(id: number): Promise<Specialist | undefined> {
    const r = await this.db
      .selectFrom('specialists')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return r && toSpecialist(r);
  }

  /** The specialist a token belongs to (by its stored hash; indexed). */
  async findByTokenHash(hash: string): Promise<Specialist | undefined> {
    const r = await this.db
      .selectFrom('specialists')
      .selectAll()
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    return r && toSpecialist(r);
  }

  async list(): Promise<Specialist[]> {
    return (await this.db.selectFrom('specialists').selectAll().orderBy('id').execute()).map(
      toSpecialist,
    );
  }

  /** The version that ETags are made of, and the zone the window is read in (one primary-key lookup). */
  async version(id: number): Promise<{ version: number; timeZone: string } | undefined> {
    const [r] = await this.versionQuery.run<{ version: number; timezone: string }>([id]);
    return r && { version: Number(r.version), timeZone: r.timezone };
  }

  /**
   * Inside a transaction: locks the specialist row until commit (the lock every write of this
   * specialist takes first, so checks and writes of one specialist never interleave) and bumps
   * its version, so every ETag of it changes when the transaction commits.
   */
  async lockForWrite(id: number): Promise<Specialist | undefined> {
    const r = await this.db
      .updateTable('specialists')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return r && toSpecialist(r);
  }

  /** Inside a transaction: locks specialists (in id order, so two batches never deadlock) without a new version. */
  async lock(ids: readonly number[]): Promise<Specialist[]> {
    if (ids.length === 0) return [];
    let q = this.db
      .selectFrom('specialists')
      .selectAll()
      .where('id', 'in', [...ids])
      .orderBy('id');
    if (this.rowLocks) q = q.forUpdate();
    return (await q.execute()).map(toSpecialist);
  }

  /** New versions for several specialists (maintenance deleted rows they answer with). */
  async bump(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('specialists')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', 'in', [...ids])
      .execute();
  }

  async setMaterializedRanges(id: number, ranges: Ranges): Promise<void> {
    await this.db
      .updateTable('specialists')
      .set({ materialized_ranges: rangesColumn(ranges) })
      .where('id', '=', id)
      .execute();
  }
}
