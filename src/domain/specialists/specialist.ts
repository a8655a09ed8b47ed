import type { Ranges } from '../instances/materialized-ranges.ts';

/** A person whose availability Recurra publishes (a doctor, a tutor, a consultant). */
export interface Specialist {
  readonly id: number;
  readonly name: string;
  /** IANA zone, canonical spelling: the default of their schedules and the zone of their dates. */
  readonly timeZone: string;
  /** SHA-256 of the specialist's bearer token; the token itself is never stored. */
  readonly tokenHash: string | null;
  readonly createdAt: number;
  /** Bumped by every write that changes anything a read of this specialist answers (ETags). */
  readonly version: number;
  /** Windows every schedule of the specialist has materialized: a revisit is one lookup. */
  readonly materializedRanges: Ranges;
}
