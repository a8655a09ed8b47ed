import type { Kysely } from 'kysely';
import type { Database, InstanceRow } from './tables.ts';

/** The reads the calendar feed needs beyond the other repositories. */
export class FeedRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Moved or cancelled occurrences of a specialist's active schedules: everything the feed
   * publishes besides the templates themselves (plain generated rows add nothing to an RRULE).
   */
  async listOverridesOfActive(specialistId: number): Promise<InstanceRow[]> {
    return this.db
      .selectFrom('instances as i')
      .innerJoin('schedules as s', 's.id', 'i.schedule_id')
      .selectAll('i')
      .where('i.specialist_id', '=', specialistId)
      .where('s.is_active', '=', 1)
      .where((eb) => eb.or([eb('i.is_exception', '=', 1), eb('i.status', '=', 'cancelled')]))
      .orderBy('i.schedule_id')
      .orderBy('i.original_start')
      .orderBy('i.id')
      .execute();
  }
}
