/** What can change, as the change feed and webhooks name it. */
export const CHANGE_TYPES = [
  'schedule.created',
  'schedule.updated',
  'schedule.deleted',
  'instance.updated',
  'instance.cancelled',
  'service.created',
  'service.updated',
  'service.deleted',
  'booking.created',
  'booking.rescheduled',
  'booking.cancelled',
] as const;

export type ChangeType = (typeof CHANGE_TYPES)[number];
export type ObjectKind = 'schedule' | 'instance' | 'service' | 'booking';

/** A change a write makes, before the log numbers it. */
export interface ChangeEvent {
  readonly type: ChangeType;
  readonly specialistId: number;
  readonly object: { readonly kind: ObjectKind; readonly id: number };
}

/** A committed change: numbered in commit order. */
export interface Change extends ChangeEvent {
  readonly seq: number;
  readonly at: number;
}

/** The kind of object a change type is about (`booking.created` → `booking`). */
export function kindOf(type: ChangeType): ObjectKind {
  return type.slice(0, type.indexOf('.')) as ObjectKind;
}

/** `schedule.created` for schedule 7 of specialist 1. */
export function changeOf(type: ChangeType, specialistId: number, id: number): ChangeEvent {
  return { type, specialistId, object: { kind: kindOf(type), id } };
}

/** Whether a webhook's `events` (types, or `*`) take a change of `type`. */
export function subscribes(events: readonly string[], type: ChangeType): boolean {
  return events.includes('*') || events.includes(type);
}
