import type { EventInput } from '@fullcalendar/core';
import type { Instance, Schedule } from './api-client.ts';
import { wallPart } from './wall-time.ts';
import { wallInZone } from './zoned-time.ts';

/** What a block carries besides its times. */
export interface BlockProps {
  readonly instance: Instance;
  /** The block's schedule, when the list of schedules is known. */
  readonly schedule: Schedule | undefined;
}

/**
 * A FullCalendar event for an instance, drawn at its instant converted to the grid's zone
 * (a New York 09:00 block sits at 14:00 on a London grid). Classes: `is-exception` for an
 * edited occurrence of a series, `is-single` for a one-off event, `is-readonly` beyond the
 * stored range, `is-other-zone` when the schedule keeps another zone than the grid.
 * @example toEvent(instance, schedule, 'Europe/London').start → '2026-12-23T14:00:00'
 */
export function toEvent(i: Instance, schedule: Schedule | undefined, zone: string): EventInput {
  const single = schedule?.is_recurring === false;
  const otherZone = schedule !== undefined && schedule.timezone !== zone;
  const classNames = [
    i.is_exception && !single ? 'is-exception' : '',
    single ? 'is-single' : '',
    i.id === null ? 'is-readonly' : '',
    otherZone ? 'is-other-zone' : '',
  ].filter(Boolean);
  const props: BlockProps = { instance: i, schedule };
  return {
    id: i.id === null ? `pending-${i.schedule_id}-${i.original_start_datetime}` : String(i.id),
    title: i.title,
    start: wallInZone(i.start_datetime, zone),
    end: wallInZone(i.end_datetime, zone),
    editable: i.id !== null,
    classNames,
    extendedProps: props,
  };
}

/** "09:00–10:00 in America/New_York" when a block's own zone is not the grid's, else ''. */
export function ownZoneNote(i: Instance, schedule: Schedule | undefined, zone: string): string {
  if (!schedule || schedule.timezone === zone) return '';
  return `${wallPart(i.start_datetime).slice(11, 16)}–${wallPart(i.end_datetime).slice(11, 16)} in ${schedule.timezone}`;
}
