import { Calendar, type EventInput } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import timeGridPlugin from '@fullcalendar/timegrid';
import type { ApiClient, Instance, Specialist } from './api-client.ts';
import type { PageStatus } from './page-status.ts';
import {
  addDays,
  dateOf,
  mondayOnOrBefore,
  nowInZone,
  timeOf,
  wallOf,
  wallPart,
} from './wall-time.ts';

const VIEWS = { week: 'timeGridWeek', month: 'dayGridMonth' } as const;

export interface CalendarViewOptions {
  readonly api: ApiClient;
  readonly status: PageStatus;
  readonly specialist: Specialist;
  readonly date: string | null;
  readonly view: 'week' | 'month';
  /** The shown range changed (navigation or view switch). */
  readonly onDatesSet: (date: string, view: 'week' | 'month') => void;
  /** A drag over free time: create availability there. */
  readonly onSelect: (date: string, start: string, end: string) => void;
  readonly onEventClick: (instance: Instance) => void;
  /** A block was dragged or resized; rejects to put it back. */
  readonly onMoved: (instance: Instance, start: string, end: string) => Promise<void>;
}

/** The next range to prefetch after `[start, end]` (inclusive) was shown in a view. */
export function nextRange(start: string, end: string, view: 'week' | 'month'): [string, string] {
  if (view === 'week') return [addDays(start, 7), addDays(end, 7)];
  // A month grid is six weeks from the Monday on or before the 1st (fixedWeekCount).
  const middle = addDays(start, 15);
  const month = Number(middle.slice(5, 7));
  const year = Number(middle.slice(0, 4));
  const first =
    month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const gridStart = mondayOnOrBefore(first);
  return [gridStart, addDays(gridStart, 41)];
}

/**
 * FullCalendar over the lazy API. The calendar runs in 'UTC' and gets local wall times (the
 * first 19 characters of each datetime), so a DST week shows blocks at their local times in
 * the specialist's zone. Each range shown is asked for exactly; the next one is prefetched in
 * the background once it is on screen, so the server has it materialized when the person
 * navigates on.
 */
export function createCalendarView(el: HTMLElement, o: CalendarViewOptions): Calendar {
  const id = o.specialist.id;
  // A week view shows 7 days, a month grid 42: the range says which view asked.
  const viewOf = (start: Date, end: Date): 'week' | 'month' =>
    end.getTime() - start.getTime() > 7 * 86_400_000 ? 'month' : 'week';
  const calendar: Calendar = new Calendar(el, {
    plugins: [timeGridPlugin, dayGridPlugin, interactionPlugin],
    timeZone: 'UTC',
    now: () => nowInZone(o.specialist.timezone),
    initialView: VIEWS[o.view],
    ...(o.date ? { initialDate: o.date } : {}),
    firstDay: 1,
    headerToolbar: { left: 'prev,next today', center: 'title', right: 'timeGridWeek,dayGridMonth' },
    buttonText: { today: 'Today', week: 'Week', month: 'Month' },
    buttonHints: { prev: 'Previous $0', next: 'Next $0', today: 'Go to today' },
    height: '100%',
    allDaySlot: false,
    scrollTime: '07:00:00',
    nowIndicator: true,
    selectable: true,
    selectMirror: true,
    editable: true,
    dayMaxEvents: 4,
    eventDisplay: 'block',
    eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
    views: {
      timeGridWeek: { dayHeaderFormat: { weekday: 'short', day: 'numeric', month: 'short' } },
    },
    loading: (on) => o.status.setLoading(on),
    events: (info, success, failure) => {
      const start = dateOf(info.start);
      const end = addDays(dateOf(info.end), -1); // FullCalendar's end is exclusive
      const view = viewOf(info.start, info.end);
      o.api.instances(id, start, end).then(
        (res) => {
          success(res.instances.map(toEvent));
          o.status.clearError();
          // In the background once this range is on screen: warm the next one.
          setTimeout(() => {
            const [ns, ne] = nextRange(start, end, view);
            o.api.instances(id, ns, ne).catch(() => undefined);
          }, 0);
        },
        (err: unknown) => {
          const error = err instanceof Error ? err : new Error(String(err));
          failure(error);
          o.status.error(`The calendar could not be loaded: ${error.message}`, () =>
            calendar.refetchEvents(),
          );
        },
      );
    },
    datesSet: (arg) =>
      o.onDatesSet(dateOf(arg.view.currentStart), arg.view.type === VIEWS.month ? 'month' : 'week'),
    select: (arg) => {
      calendar.unselect();
      const date = dateOf(arg.start);
      if (arg.allDay) return o.onSelect(date, '09:00', '17:00');
      // A drag past midnight is clipped to the first day: blocks are made per day here.
      const end = dateOf(arg.end) === date ? timeOf(arg.end) : '23:59';
      o.onSelect(date, timeOf(arg.start), end);
    },
    eventClick: (arg) => {
      arg.jsEvent.preventDefault();
      o.onEventClick(arg.event.extendedProps.instance as Instance);
    },
    eventDrop: (arg) => moved(arg.event, arg.revert),
    eventResize: (arg) => moved(arg.event, arg.revert),
  });

  function moved(
    event: { start: Date | null; end: Date | null; extendedProps: Record<string, unknown> },
    revert: () => void,
  ): void {
    const instance = event.extendedProps.instance as Instance;
    if (!event.start || !event.end) return revert();
    o.onMoved(instance, wallOf(event.start), wallOf(event.end)).then(
      () => calendar.refetchEvents(),
      () => revert(),
    );
  }

  calendar.render();
  return calendar;
}

function toEvent(i: Instance): EventInput {
  return {
    id: i.id === null ? `pending-${i.schedule_id}-${i.original_start_datetime}` : String(i.id),
    title: i.title,
    start: wallPart(i.start_datetime),
    end: wallPart(i.end_datetime),
    editable: i.id !== null,
    classNames: [i.is_exception ? 'is-exception' : '', i.id === null ? 'is-readonly' : ''].filter(
      Boolean,
    ),
    extendedProps: { instance: i },
  };
}
