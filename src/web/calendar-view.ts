import { Calendar, type EventApi, type EventInput } from '@fullcalendar/core';
import dayGridPlugin from '@fullcalendar/daygrid';
import interactionPlugin from '@fullcalendar/interaction';
import timeGridPlugin from '@fullcalendar/timegrid';
import type { ApiClient, Schedule, Specialist } from './api-client.ts';
import { isBookingProps, type BookingProps } from './booking-event.ts';
import { clockChangeOn, clockChangeText, type ClockChange } from './clock-changes.ts';
import { domContent, type DomContent } from './dom-content.ts';
import { returnFocus, type FocusTarget } from './focus-return.ts';
import { toEvent, ownZoneNote, type BlockProps } from './instance-event.ts';
import { LIST_WEEK, listWeekPlugin } from './list-week-view.ts';
import { nextRange } from './next-range.ts';
import type { PageStatus } from './page-status.ts';
import {
  FC_VIEWS,
  NARROW_QUERY,
  pageViewOf,
  viewButtons,
  viewForScreen,
  type PageView,
} from './page-view.ts';
import type { ScheduleDirectory } from './schedule-directory.ts';
import { addDays, dateOf, nowInZone, timeOf, wallOf } from './wall-time.ts';

/** The period on screen: its first and last local dates (a month view's own month). */
export interface Period {
  readonly start: string;
  readonly end: string;
  readonly view: PageView;
}

export interface CalendarViewOptions {
  readonly api: ApiClient;
  readonly status: PageStatus;
  readonly specialist: Specialist;
  readonly schedules: ScheduleDirectory;
  readonly date: string | null;
  readonly view: PageView;
  /** The shown range changed (navigation or view switch); `first` is the view's first date. */
  readonly onPeriod: (first: string, period: Period) => void;
  /** Loading started or ended. */
  readonly onLoading: (loading: boolean) => void;
  /** The blocks on screen were drawn (again): how many are in the period shown. */
  readonly onDrawn: (blocks: number) => void;
  /** A drag over free time (or a day's "Add" in the list): create availability there. */
  readonly onSelect: (date: string, start: string, end: string) => void;
  readonly onEventClick: (block: BlockProps, from: FocusTarget) => void;
  /** A block was dragged or resized (grid wall times); rejects to put it back. */
  readonly onMoved: (
    block: BlockProps,
    start: string,
    end: string,
    how: 'moved' | 'resized',
  ) => Promise<void>;
  /** The bookings drawn over the availability in `[start, end]` (local dates). */
  readonly bookingEvents: (start: string, end: string) => Promise<EventInput[]>;
  readonly onBookingClick: (props: BookingProps, from: FocusTarget) => void;
  /** A booking was dragged to `start` (a grid wall time); rejects to put it back. */
  readonly onBookingMoved: (props: BookingProps, start: string) => Promise<void>;
}

/**
 * FullCalendar over the lazy API, in the specialist's zone. The calendar runs in 'UTC' and gets
 * wall times of that zone, computed from each datetime's instant: a block of a schedule kept in
 * another zone is drawn where it really is on this grid. Each range shown is asked for exactly;
 * the next one is prefetched once it is on screen. Narrow screens get a day view, the list of
 * the week and the month, with the view buttons below the grid.
 */
export class CalendarView {
  readonly calendar: Calendar;
  private readonly zone: string;
  private readonly narrow: MediaQueryList;
  private readonly changes = new Map<string, ClockChange | null>();
  private waiting: (() => void)[] = [];

  constructor(
    private readonly el: HTMLElement,
    private readonly o: CalendarViewOptions,
  ) {
    this.zone = o.specialist.timezone;
    this.narrow = window.matchMedia(NARROW_QUERY);
    const narrow = this.narrow.matches;
    const id = o.specialist.id;
    const zone = this.zone;
    const today = () => nowInZone(zone).slice(0, 10);
    this.calendar = new Calendar(el, {
      plugins: [
        timeGridPlugin,
        dayGridPlugin,
        interactionPlugin,
        listWeekPlugin(today, (d) => {
          const change = this.changeOn(d);
          return change ? clockChangeText(change) : null;
        }),
      ],
      timeZone: 'UTC',
      now: () => nowInZone(zone),
      initialView: FC_VIEWS[viewForScreen(o.view, narrow)],
      ...(o.date ? { initialDate: o.date } : {}),
      firstDay: 1,
      ...this.toolbars(narrow),
      buttonText: { today: 'Today', week: 'Week', month: 'Month', day: 'Day', [LIST_WEEK]: 'List' },
      buttonHints: { prev: 'Previous $0', next: 'Next $0', today: 'Go to today' },
      titleFormat: { year: 'numeric', month: 'short', day: 'numeric' },
      height: '100%',
      allDaySlot: false,
      scrollTime: '07:00:00',
      nowIndicator: true,
      selectable: true,
      selectMirror: true,
      selectLongPressDelay: 300,
      editable: true,
      dayMaxEvents: 4,
      eventDisplay: 'block',
      eventTimeFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      slotLabelFormat: { hour: '2-digit', minute: '2-digit', hour12: false },
      dayHeaderFormat: { weekday: 'short', day: 'numeric', month: 'short' },
      views: {
        dayGridMonth: {
          dayHeaderFormat: { weekday: 'short' },
          titleFormat: { year: 'numeric', month: 'long' },
        },
      },
      // Headers of a time grid are dates; a month's headers are weekdays, its cells the dates.
      dayHeaderClassNames: (arg) =>
        arg.view.type.startsWith('timeGrid') && this.changeOn(dateOf(arg.date))
          ? ['has-clock-change']
          : [],
      dayHeaderContent: (arg) =>
        arg.view.type.startsWith('timeGrid')
          ? this.dayMarker(dateOf(arg.date), arg.text)
          : arg.text,
      dayCellClassNames: (arg) => (this.changeOn(dateOf(arg.date)) ? ['has-clock-change'] : []),
      dayCellContent: (arg) =>
        arg.view.type === 'dayGridMonth'
          ? this.dayMarker(dateOf(arg.date), arg.dayNumberText)
          : arg.dayNumberText,
      loading: (on) => {
        o.status.setLoading(on);
        el.setAttribute('aria-busy', String(on));
        o.onLoading(on);
        if (!on) this.settled();
      },
      events: (info, success, failure) => {
        const start = dateOf(info.start);
        const end = addDays(dateOf(info.end), -1); // FullCalendar's end is exclusive
        Promise.all([
          o.api.instances(id, start, end),
          o.schedules.all().catch(() => new Map<number, Schedule>()),
          // Without the bookings (no token given) the availability is still worth showing.
          o.bookingEvents(start, end).catch(() => []),
        ]).then(
          ([res, schedules, bookings]) => {
            success([
              ...res.instances.map((i) => toEvent(i, schedules.get(i.schedule_id), zone)),
              ...bookings,
            ]);
            o.status.clearError();
            // In the background once this range is on screen: warm the next one.
            setTimeout(() => {
              const [ns, ne] = nextRange(start, end);
              o.api.instances(id, ns, ne).catch(() => undefined);
            }, 0);
          },
          (err: unknown) => {
            const error = err instanceof Error ? err : new Error(String(err));
            failure(error);
            this.settled();
            o.status.error(`The calendar could not be loaded: ${error.message}`, () =>
              this.calendar.refetchEvents(),
            );
          },
        );
      },
      eventsSet: () => this.settled(),
      // A booking is short: one line, its start and who, cut with an ellipsis rather than lost.
      eventContent: (arg) => {
        if (!isBookingProps(arg.event.extendedProps) || !arg.event.start) return true;
        const line = document.createElement('div');
        line.className = 'booking-line';
        const time = document.createElement('b');
        time.textContent = timeOf(arg.event.start);
        line.append(time, ` ${arg.event.title}`);
        return domContent([line]);
      },
      eventDidMount: (arg) => {
        if (isBookingProps(arg.event.extendedProps) && !arg.isMirror) {
          arg.el.dataset.bookingId = String(arg.event.extendedProps.booking.id);
          arg.el.title = arg.event.title;
          if (arg.event.start) arg.el.dataset.start = wallOf(arg.event.start);
          return;
        }
        const props = arg.event.extendedProps as Partial<BlockProps>;
        if (!props.instance || arg.isMirror) return; // a selection's or a drag's placeholder
        arg.el.dataset.eventId = arg.event.id;
        arg.el.dataset.scheduleId = String(props.instance.schedule_id);
        if (arg.event.start) arg.el.dataset.start = wallOf(arg.event.start);
        const note = ownZoneNote(props.instance, props.schedule, zone);
        if (note) arg.el.title = `${arg.event.title}: ${note}`;
      },
      datesSet: (arg) => {
        // A range already fetched (a week inside the month seen before) is drawn without a
        // fetch: what is on screen changed all the same.
        this.settled();
        const view = pageViewOf(arg.view.type);
        o.onPeriod(dateOf(arg.view.currentStart), {
          start: dateOf(arg.view.currentStart),
          end: addDays(dateOf(arg.view.currentEnd), -1),
          view,
        });
      },
      select: (arg) => {
        this.calendar.unselect();
        const date = dateOf(arg.start);
        if (arg.allDay) return o.onSelect(date, '09:00', '17:00');
        // A drag past midnight is clipped to the first day: blocks are made per day here.
        const end = dateOf(arg.end) === date ? timeOf(arg.end) : '23:59';
        o.onSelect(date, timeOf(arg.start), end);
      },
      eventClick: (arg) => {
        arg.jsEvent.preventDefault();
        this.clicked(arg.event);
      },
      // A booking moves only to where availability is (the server checks the rest).
      eventAllow: (span, event) =>
        !event || !isBookingProps(event.extendedProps) || this.inAvailability(span.start, span.end),
      eventDrop: (arg) => this.moved(arg.event, arg.revert, 'moved'),
      eventResize: (arg) => this.moved(arg.event, arg.revert, 'resized'),
    });
    // The list of the week draws plain buttons: they act like blocks and the day's "Add".
    el.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      const item = target.closest<HTMLElement>('.rc-list-item[data-event-id]');
      const event = item ? this.calendar.getEventById(item.dataset.eventId ?? '') : null;
      if (event) return this.clicked(event);
      const add = target.closest<HTMLElement>('[data-add-date]');
      if (add?.dataset.addDate) o.onSelect(add.dataset.addDate, '09:00', '17:00');
    });
    this.narrow.addEventListener('change', this.onScreenChange);
    this.calendar.render();
  }

  /** Loads the shown range again; resolves once the grid shows the answer. */
  refetch(): Promise<void> {
    const done = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.calendar.refetchEvents();
    return done;
  }

  /** Puts keyboard focus back on the grid (see focus-return.ts). */
  focus(target: FocusTarget): void {
    returnFocus(this.el, target);
  }

  /** Shows a page view (back/forward), on the screen's terms. */
  show(view: PageView, date: string | null): void {
    this.calendar.changeView(FC_VIEWS[viewForScreen(view, this.narrow.matches)], date ?? undefined);
  }

  destroy(): void {
    this.narrow.removeEventListener('change', this.onScreenChange);
    this.calendar.destroy();
  }

  private readonly onScreenChange = (): void => {
    const narrow = this.narrow.matches;
    const t = this.toolbars(narrow);
    this.calendar.setOption('headerToolbar', t.headerToolbar);
    this.calendar.setOption('footerToolbar', t.footerToolbar);
    const view = pageViewOf(this.calendar.view.type);
    if (viewForScreen(view, narrow) !== view)
      this.calendar.changeView(FC_VIEWS[viewForScreen(view, narrow)]);
  };

  private toolbars(narrow: boolean) {
    return narrow
      ? {
          headerToolbar: { left: 'prev,next', center: 'title', right: 'today' },
          footerToolbar: { center: viewButtons(true) },
        }
      : {
          headerToolbar: { left: 'prev,next today', center: 'title', right: viewButtons(false) },
          footerToolbar: false as const,
        };
  }

  /** FullCalendar set the events: once drawn, whoever waits for a refetch may go on. */
  private settled(): void {
    const waiting = this.waiting;
    this.waiting = [];
    requestAnimationFrame(() => {
      this.o.onDrawn(this.visibleBlocks());
      waiting.forEach((w) => w());
    });
  }

  /** How many blocks overlap the period shown. */
  private visibleBlocks(): number {
    const { activeStart, activeEnd } = this.calendar.view;
    return this.calendar
      .getEvents()
      .filter((e) => e.start && e.end && e.start < activeEnd && e.end > activeStart).length;
  }

  /** Whether `[start, end)` (grid wall times) lies inside one availability block. */
  private inAvailability(start: Date, end: Date): boolean {
    return this.calendar
      .getEvents()
      .some(
        (e) =>
          !isBookingProps(e.extendedProps) &&
          e.start !== null &&
          e.end !== null &&
          e.start <= start &&
          end <= e.end,
      );
  }

  private clicked(event: EventApi): void {
    const start = event.start ? wallOf(event.start) : undefined;
    if (isBookingProps(event.extendedProps)) {
      this.o.onBookingClick(event.extendedProps, {
        eventId: event.id,
        date: (start ?? '').slice(0, 10),
        ...(start ? { start } : {}),
      });
      return;
    }
    const props = event.extendedProps as BlockProps;
    this.o.onEventClick(props, {
      eventId: event.id,
      date: (start ?? '').slice(0, 10),
      ...(start ? { start } : {}),
    });
  }

  private moved(event: EventApi, revert: () => void, how: 'moved' | 'resized'): void {
    if (!event.start || !event.end) return revert();
    if (isBookingProps(event.extendedProps)) {
      this.o.onBookingMoved(event.extendedProps, wallOf(event.start)).then(
        () => this.calendar.refetchEvents(),
        () => revert(),
      );
      return;
    }
    const props = event.extendedProps as BlockProps;
    this.o.onMoved(props, wallOf(event.start), wallOf(event.end), how).then(
      () => this.calendar.refetchEvents(),
      () => revert(),
    );
  }

  private changeOn(date: string): ClockChange | null {
    if (!this.changes.has(date)) this.changes.set(date, clockChangeOn(this.zone, date));
    return this.changes.get(date) ?? null;
  }

  /** A day heading, with a note on the day the clocks change. */
  private dayMarker(date: string, text: string): DomContent | string {
    const change = this.changeOn(date);
    if (!change) return text;
    const mark = document.createElement('span');
    mark.className = 'clock-change';
    mark.title = clockChangeText(change);
    mark.textContent = 'clocks change';
    const label = document.createElement('span');
    label.textContent = text;
    const sr = document.createElement('span');
    sr.className = 'visually-hidden';
    sr.textContent = ` (${clockChangeText(change)})`;
    return domContent([label, mark, sr]);
  }
}
