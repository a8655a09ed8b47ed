import { localDate } from './slot-time.ts';

/** One bookable slot as `GET /specialist/{id}/slots` lists it. */
export interface Slot {
  readonly start_datetime: string;
  readonly end_datetime: string;
  readonly remaining: number;
}

/**
 * Slots grouped by their start's local date in the client's `zone`, keeping only `month`'s days
 * (the slot window reaches into the months either side). Order within a day is kept.
 * @example slotsByDay(slots, 'America/New_York', '2027-03').get('2027-03-15') → [ … ]
 */
export function slotsByDay(
  slots: readonly Slot[],
  zone: string,
  month: string,
): Map<string, Slot[]> {
  const days = new Map<string, Slot[]>();
  for (const slot of slots) {
    const day = localDate(slot.start_datetime, zone);
    if (!day.startsWith(month)) continue;
    const list = days.get(day);
    if (list) list.push(slot);
    else days.set(day, [slot]);
  }
  return days;
}
