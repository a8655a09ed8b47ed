/**
 * An instance: one occurrence of a schedule stored as a row, unique per (schedule, original
 * start). Plain instances are generated; an override is one a person changed (edited, so
 * `isException`, or cancelled) and is never overwritten by generation or series edits.
 */
export interface Instance {
  readonly id: number;
  readonly scheduleId: number;
  readonly specialistId: number;
  /** The start the schedule gave it: its identity within the schedule. */
  readonly originalStartMs: number;
  readonly startMs: number;
  readonly endMs: number;
  /** Set only when edited by hand; otherwise the schedule's title shows. */
  readonly title: string | null;
  readonly status: InstanceStatus;
  readonly isException: boolean;
  readonly createdAt: number;
}

export type InstanceStatus = 'confirmed' | 'cancelled';

/** An occurrence as a view lists it: `id` null when it lies beyond the storage horizon. */
export interface ListedInstance extends Omit<Instance, 'id' | 'createdAt'> {
  readonly id: number | null;
  readonly scheduleTitle: string;
  readonly timeZone: string;
  readonly recurringEventId: string;
}

/** Whether a person changed this occurrence (edited or cancelled): an override of its schedule. */
export function isOverride(i: Pick<Instance, 'isException' | 'status'>): boolean {
  return i.isException || i.status === 'cancelled';
}
