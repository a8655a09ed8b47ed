/** Where keyboard focus goes once the grid shows the result of an action. */
export interface FocusTarget {
  /** The block acted on, when it may still be there (FullCalendar event id). */
  readonly eventId?: string;
  /** A block of this schedule on `date` will do (a created or re-made series). */
  readonly scheduleId?: number;
  /** The grid day the block was on, and its wall start there. */
  readonly date: string;
  readonly start?: string;
}

/**
 * Puts focus back in the grid where the person was: on the block itself when it is still drawn,
 * else on the nearest block that day, else on that day's heading (made focusable), else on the
 * calendar. Blocks are marked `data-event-id`, `data-schedule-id`, `data-start` (calendar-view.ts).
 * @example returnFocus(calendarEl, { eventId: '42', date: '2026-12-09', start: '2026-12-09T09:00:00' })
 */
export function returnFocus(root: HTMLElement, target: FocusTarget): void {
  const blocks = [...root.querySelectorAll<HTMLElement>('[data-event-id]')];
  const same = target.eventId
    ? blocks.find((b) => b.dataset.eventId === target.eventId)
    : undefined;
  const ofSchedule =
    target.scheduleId === undefined
      ? undefined
      : blocks.find(
          (b) =>
            b.dataset.scheduleId === String(target.scheduleId) &&
            (b.dataset.start ?? '').startsWith(target.date),
        );
  const distance = (b: HTMLElement) =>
    Math.abs(
      Date.parse(`${b.dataset.start ?? ''}Z`) -
        Date.parse(`${target.start ?? `${target.date}T12:00:00`}Z`),
    );
  const sameDay = blocks
    .filter((b) => (b.dataset.start ?? '').startsWith(target.date))
    .sort((a, b) => distance(a) - distance(b))[0];
  const day =
    root.querySelector<HTMLElement>(`th.fc-col-header-cell[data-date="${target.date}"]`) ??
    root.querySelector<HTMLElement>(`td.fc-daygrid-day[data-date="${target.date}"]`) ??
    root.querySelector<HTMLElement>(`.rc-list-day[data-date="${target.date}"] .rc-list-date`);
  const el = same ?? ofSchedule ?? sameDay ?? day ?? root;
  if (el.tabIndex < 0 && !el.hasAttribute('tabindex')) el.tabIndex = -1;
  el.focus();
}
