import {
  createPlugin,
  sliceEvents,
  type PluginDef,
  type SpecificViewContentArg,
} from '@fullcalendar/core';
import { domContent } from './dom-content.ts';
import type { BlockProps } from './instance-event.ts';
import { itemTime, listDays, type ListItem } from './list-days.ts';
import { dateOf, wallOf } from './wall-time.ts';

/** The FullCalendar view type of the list of the week. */
export const LIST_WEEK = 'listWeek';

/**
 * A list of the week as a FullCalendar view (the phone's alternative to seven 38 px columns):
 * every day of the week with its blocks as buttons, and an "Add" button per day. Clicks are
 * handled by the page through `data-event-id` and `data-add-date` (see calendar-view.ts).
 * @example new Calendar(el, { plugins: [listWeekPlugin(() => '2026-12-02')], initialView: LIST_WEEK })
 */
export function listWeekPlugin(
  today: () => string,
  clockNote: (date: string) => string | null,
): PluginDef {
  return createPlugin({
    name: 'recurra-list-week',
    views: {
      [LIST_WEEK]: {
        classNames: ['rc-list-view'],
        duration: { weeks: 1 },
        content: (props: SpecificViewContentArg) =>
          domContent([renderList(props, today(), clockNote)]),
      },
    },
  });
}

function renderList(
  props: SpecificViewContentArg,
  today: string,
  clockNote: (date: string) => string | null,
): HTMLElement {
  const range = props.dateProfile.currentRange;
  const start = dateOf(range.start);
  const days = Math.round((range.end.getTime() - range.start.getTime()) / 86_400_000);
  const scheduleOf = new Map<string, number>();
  const items: ListItem[] = sliceEvents(props, false).map((seg) => {
    const classes = seg.ui.classNames;
    const instance = (seg.def.extendedProps as Partial<BlockProps>).instance;
    if (instance) scheduleOf.set(seg.def.publicId, instance.schedule_id);
    return {
      id: seg.def.publicId,
      title: seg.def.title,
      start: wallOf(seg.instance?.range.start ?? seg.range.start),
      end: wallOf(seg.instance?.range.end ?? seg.range.end),
      edited: classes.includes('is-exception'),
      readonly: classes.includes('is-readonly'),
      otherZone: classes.includes('is-other-zone'),
    };
  });
  const list = el('ol', 'rc-list');
  for (const day of listDays(start, days, items)) {
    const li = el('li', `rc-list-day${day.date === today ? ' is-today' : ''}`);
    li.dataset.date = day.date;
    const head = el('div', 'rc-list-head');
    const h = el('h3', 'rc-list-date', day.label);
    h.tabIndex = -1;
    const add = el('button', 'rc-list-add', 'Add');
    add.type = 'button';
    add.dataset.addDate = day.date;
    add.setAttribute('aria-label', `Add availability on ${day.label}`);
    head.append(h, add);
    li.append(head);
    const note = clockNote(day.date);
    if (note) li.append(el('p', 'rc-list-clock clock-change', note));
    if (day.items.length === 0) li.append(el('p', 'rc-list-none', 'No availability'));
    for (const item of day.items) {
      const b = el('button', 'rc-list-item');
      b.type = 'button';
      b.dataset.eventId = item.id;
      b.dataset.scheduleId = String(scheduleOf.get(item.id) ?? '');
      b.dataset.start = item.start;
      if (item.edited) b.classList.add('is-exception');
      if (item.readonly) b.classList.add('is-readonly');
      if (item.otherZone) b.classList.add('is-other-zone');
      b.append(el('span', 'rc-list-time', itemTime(item)), el('span', 'rc-list-title', item.title));
      li.append(b);
    }
    list.append(li);
  }
  return list;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
