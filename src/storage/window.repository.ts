import type { Kysely } from 'kysely';
import { CompiledOnce } from './compiled-once.ts';
import type { ListedInstance } from '../domain/instances/instance.ts';
import type { Specialist } from '../domain/specialists/specialist.ts';
import { toListedInstance, toSpecialist, type ListedInstanceRow } from './records.ts';
import type { Database } from './tables.ts';

/** A specialist with the instances of one window, read in one statement (one snapshot). */
export interface WindowRead {
  readonly specialist: Specialist;
  readonly instances: ListedInstance[];
}

type JoinedRow = { [K in keyof ListedInstanceRow]: ListedInstanceRow[K] | null } & {
  sp_id: number;
  sp_name: string;
  sp_timezone: string;
  sp_token_hash: string | null;
  sp_created_at: number;
  sp_version: number;
  sp_materialized_ranges: string;
};

/**
 * The revisit's read: the specialist row (version for the ETag, coverage) LEFT JOINed to its
 * instances overlapping a window, so a revisit is one statement instead of two (one round trip on
 * PostgreSQL). The SQL is built by Kysely once per repository and reused with new parameters.
 */
export class WindowRepository {
  private readonly queries: ReadonlyMap<boolean, CompiledOnce>;

  constructor(private readonly db: Kysely<Database>) {
    this.queries = new Map([false, true].map((c) => [c, this.query(c)]));
  }

  /** Parameters in this order: from − max duration, to, from, (status,) specialist id. */
  private query(includeCancelled: boolean): CompiledOnce {
    return new CompiledOnce(
      this.db,
      () =>
        this.db
          .selectFrom('specialists as sp')
          .leftJoin('instances as i', (join) => {
            let j = join
              .onRef('i.specialist_id', '=', 'sp.id')
              .on('i.start_at', '>', 0)
              .on('i.start_at', '<', 0)
              .on('i.end_at', '>', 0);
            if (!includeCancelled) j = j.on('i.status', '=', 'confirmed');
            return j;
          })
          .leftJoin('schedules as s', 's.id', 'i.schedule_id')
          .select([
            'sp.id as sp_id',
            'sp.name as sp_name',
            'sp.timezone as sp_timezone',
            'sp.token_hash as sp_token_hash',
            'sp.created_at as sp_created_at',
            'sp.version as sp_version',
            'sp.materialized_ranges as sp_materialized_ranges',
          ])
          .select([
            'i.id',
            'i.schedule_id',
            'i.specialist_id',
            'i.original_start',
            'i.start_at',
            'i.end_at',
            'i.title',
            'i.status',
            'i.is_exception',
            'i.created_at',
            's.title as schedule_title',
            's.timezone',
            's.recurring_event_id',
          ])
          .where('sp.id', '=', 0)
          .orderBy('i.start_at')
          .orderBy('i.id'),
      includeCancelled ? 4 : 5,
    );
  }

  /**
   * The specialist and its instances overlapping `[fromMs, toMs)` sorted by start (the same rows
   * as `InstanceRepository.listOverlapping`), or undefined when there is no such specialist.
   */
  async read(
    specialistId: number,
    fromMs: number,
    toMs: number,
    maxDurationMs: number,
    includeCancelled: boolean,
  ): Promise<WindowRead | undefined> {
    const parameters: unknown[] = [fromMs - maxDurationMs, toMs, fromMs];
    if (!includeCancelled) parameters.push('confirmed');
    parameters.push(specialistId);
    const rows = await (this.queries.get(includeCancelled) as CompiledOnce).run<JoinedRow>(
      parameters,
    );
    const first = rows[0];
    if (!first) return undefined;
    const specialist = toSpecialist({
      id: first.sp_id,
      name: first.sp_name,
      timezone: first.sp_timezone,
      token_hash: first.sp_token_hash,
      created_at: first.sp_created_at,
      version: first.sp_version,
      materialized_ranges: first.sp_materialized_ranges,
    });
    const instances: ListedInstance[] = [];
    for (const r of rows)
      if (r.id !== null) instances.push(toListedInstance(r as ListedInstanceRow));
    return { specialist, instances };
  }
}
