import type { Occurrence, Recurrence } from '../recurrence/recurrence.ts';
import { dateOfWall } from '../time/date-time.ts';

/**
 * Which occurrence of a schedule a hand-made change belongs to: its local date, and for rules with
 * several occurrences a day, its rank that day (0 = the first). Instants are no identity: a new
 * time of day or zone moves every instant, and the change must follow its occurrence.
 */
export interface OccurrenceIdentity {
  readonly date: string;
  readonly rank: number;
}

/**
 * The identity of the occurrence starting at `startMs`, or null if the recurrence has none there.
 *
 * @example identityOf(mondays10am, Date.parse('2027-02-15T09:00:00Z')) // { date: '2027-02-15', rank: 0 }
 */
export function identityOf(recurrence: Recurrence, startMs: number): OccurrenceIdentity | null {
  const found = recurrence.at(startMs);
  if (!found) return null;
  const date = dateOfWall(found.wallMs);
  const rank = recurrence.onDate(date).findIndex((o) => o.startMs === startMs);
  return rank < 0 ? null : { date, rank };
}

/** The occurrence with this identity in `recurrence`, or null if it has none on that date. */
export function occurrenceWith(
  recurrence: Recurrence,
  identity: OccurrenceIdentity,
): Occurrence | null {
  return recurrence.onDate(identity.date)[identity.rank] ?? null;
}
