import { ApiClient, ApiError, type Specialist } from './api-client.ts';
import { BookingDialog } from './booking-dialog.ts';
import { toBookingEvent, type BookingProps } from './booking-event.ts';
import { isUnavailable } from './booking/problem-box.ts';
import { unavailableWords } from './booking/unavailable-message.ts';
import { CalendarView, type Period } from './calendar-view.ts';
import { DayBookingsPanel } from './day-bookings-panel.ts';
import { askToForce } from './force-dialog.ts';
import { ServicesDialog } from './services-dialog.ts';
import { zoneCaption } from './clock-changes.ts';
import { conflictMessage, conflictsOf } from './conflict-message.ts';
import { defaultCreateDate } from './default-create-date.ts';
import { EventDialog } from './event-dialog.ts';
import type { FocusTarget } from './focus-return.ts';
import type { BlockProps } from './instance-event.ts';
import { NARROW_QUERY } from './page-view.ts';
import { PageStatus } from './page-status.ts';
import { ScheduleDialog } from './schedule-dialog.ts';
import { ScheduleDirectory } from './schedule-directory.ts';
import { askForToken } from './token-dialog.ts';
import { readState, recordState, type PageState } from './url-state.ts';
import { nowInZone } from './wall-time.ts';
import { wallInZone, withOffset } from './zoned-time.ts';
import { fillZoneOptions } from './zone-options.ts';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

const status = new PageStatus(document);
/** The specialist's services by id, for the names on bookings. */
let serviceNames = new Map<number, string>();
const api = new ApiClient(
  () => askForToken(byId<HTMLDialogElement>('token-dialog')),
  (bookings) => askToForce(byId('force-dialog'), bookings, serviceNames, gridZone()),
);
const picker = byId<HTMLSelectElement>('specialist-select');
const addButton = byId<HTMLButtonElement>('new-availability');
const narrow = window.matchMedia(NARROW_QUERY);

let specialist: Specialist | null = null;
let schedules: ScheduleDirectory | null = null;
let view: CalendarView | null = null;
let period: Period | null = null;
let state: PageState = readState(location.search);

const currentId = (): number => {
  if (!specialist) throw new Error('no specialist chosen');
  return specialist.id;
};
const gridZone = (): string => specialist?.timezone ?? 'UTC';
const titles = (): Promise<Map<number, string>> =>
  schedules?.titles() ?? Promise.resolve(new Map<number, string>());

/** After a write: say so, reload the grid, and put focus back where the person was. */
function changed(message: string, focus: FocusTarget | null, wrote = true): void {
  status.notice(message);
  if (!wrote || !view) return;
  void panel.refresh();
  schedules?.refresh();
  const shown = view;
  void shown.refetch().then(() => {
    if (focus && view === shown) shown.focus(focus);
  });
}

const scheduleDialog = new ScheduleDialog(byId('schedule-dialog'), {
  api,
  specialistId: currentId,
  gridZone,
  titles,
  onSaved: changed,
});
const eventDialog = new EventDialog(byId('event-dialog'), {
  api,
  specialistId: currentId,
  gridZone,
  titles,
  scheduleDialog,
  onChanged: (message, focus) => changed(message, focus),
});

const bookingDialog = new BookingDialog(byId('booking-dialog'), {
  api,
  specialistId: currentId,
  gridZone,
  onChanged: (message, focus) => changed(message, focus),
});
const panel = new DayBookingsPanel(byId('day-bookings'), {
  load: (date) => api.bookings(currentId(), date, date).then((r) => r.bookings),
  serviceName: (sid) => serviceNames.get(sid) ?? 'Service',
  zone: gridZone,
  onOpen: (props) => bookingDialog.open(props),
});
const servicesDialog = new ServicesDialog(byId('services-dialog'), {
  api,
  specialistId: currentId,
  schedules: () => schedules?.all() ?? Promise.resolve(new Map()),
  onChanged: (message) => {
    status.notice(message);
    void loadServiceNames(currentId()).then(() => view?.refetch());
  },
});
byId('open-services').addEventListener('click', () => void servicesDialog.open());

/** The services' names (deleted ones too are named by their bookings' dialog as "Service"). */
async function loadServiceNames(id: number): Promise<void> {
  const { services } = await api.services(id).catch(() => ({ services: [] }));
  serviceNames = new Map(services.map((s) => [s.id, s.name]));
}

/** A booking dragged to `start` (a grid wall time): a reschedule, checked as a new booking. */
async function moveBooking(props: BookingProps, start: string): Promise<void> {
  const zone = gridZone();
  const to = withOffset(start, zone);
  try {
    await api.rescheduleBooking(currentId(), props.booking.id, to);
    status.notice(`Booking of ${props.booking.client.name} moved to ${start.slice(11, 16)}.`);
    void panel.show(start.slice(0, 10));
  } catch (err) {
    if (isUnavailable(err)) {
      const words = unavailableWords(err.details, to, zone);
      status.error(
        `Not moved. ${words.why} ${words.slots.length > 0 ? `${words.next} ${words.slots.join(', ')}.` : words.next}`,
      );
    } else status.error(`Not moved: ${message(err)}`);
    throw err;
  }
}

// Every dialog: buttons marked data-close close it (Escape is the browser's own).
for (const button of document.querySelectorAll<HTMLButtonElement>('dialog [data-close]')) {
  button.addEventListener('click', () => button.closest('dialog')?.close());
}

async function loadSpecialists(): Promise<void> {
  try {
    const { specialists } = await api.specialists();
    picker.length = 1;
    for (const s of specialists) picker.add(new Option(`${s.name} (${s.timezone})`, String(s.id)));
    picker.value = state.specialist === null ? '' : String(state.specialist);
  } catch (err) {
    status.error(
      `The specialists could not be loaded: ${message(err)}`,
      () => void loadSpecialists(),
    );
  }
}

let loading = false;

/** The grid's overlay: "Loading…" while a range loads, a hint when the period is empty. */
function gridMessage(blocks: number | null): void {
  byId('grid-loading').hidden = !loading;
  const hint = byId('grid-hint');
  hint.hidden = loading || blocks !== 0;
  if (hint.hidden) return;
  const where =
    period?.view === 'month' ? 'this month' : period?.view === 'day' ? 'this day' : 'this week';
  hint.textContent =
    period?.view === 'list'
      ? `No availability ${where} yet. Use “Add” next to a day to add some.`
      : narrow.matches
        ? `No availability ${where} yet. Touch and hold a time on the grid to add some, or use “+ Add”.`
        : `No availability ${where} yet. Drag over the grid to add some, or use “Add availability”.`;
}

/** The legend names the kinds of block on screen, whenever there is more than one kind. */
function legend(): void {
  const el = byId('legend');
  const root = byId('calendar');
  let any = false;
  for (const item of el.querySelectorAll<HTMLElement>('[data-legend]')) {
    const kind = item.dataset.legend ?? '';
    item.hidden = root.querySelector(`[data-event-id]${kind}, [data-booking-id]${kind}`) === null;
    any ||= !item.hidden;
  }
  el.hidden = !any;
}

/** Shows the calendar for the state's specialist (or the empty prompt). */
async function show(next: PageState): Promise<void> {
  state = next;
  picker.value = state.specialist === null ? '' : String(state.specialist);
  if (state.specialist === null) {
    view?.destroy();
    view = null;
    specialist = null;
    byId('empty').hidden = false;
    byId('calendar').hidden = true;
    byId('grid-hint').hidden = true;
    byId('zone-label').textContent = '';
    addButton.disabled = true;
    byId<HTMLButtonElement>('open-services').disabled = true;
    byId('day-bookings').hidden = true;
    return;
  }
  if (specialist?.id === state.specialist && view) {
    // Same specialist (back/forward): move the existing calendar.
    view.show(state.view, state.date);
    return;
  }
  status.setLoading(true);
  try {
    specialist = await api.specialist(state.specialist);
  } catch (err) {
    status.error(`The specialist could not be loaded: ${message(err)}`, () => void show(next));
    return;
  } finally {
    status.setLoading(false);
  }
  byId('empty').hidden = true;
  byId('calendar').hidden = false;
  addButton.disabled = false;
  byId<HTMLButtonElement>('open-services').disabled = false;
  const names = loadServiceNames(specialist.id);
  view?.destroy();
  const chosen = specialist;
  const zone = chosen.timezone;
  const directory = new ScheduleDirectory(() => api.schedules(chosen.id).then((r) => r.schedules));
  schedules = directory;
  byId('zone-label').textContent = `Times in ${zone}`;
  let firstPeriod = true;
  view = new CalendarView(byId('calendar'), {
    api,
    status,
    specialist: chosen,
    schedules: directory,
    date: state.date,
    view: state.view,
    onPeriod: (first, p) => {
      period = p;
      byId('zone-label').textContent = zoneCaption(zone, p.start, p.end);
      state = { specialist: state.specialist, date: first, view: p.view };
      const today = nowInZone(zone).slice(0, 10);
      void panel.show(today >= p.start && today <= p.end ? today : p.start);
      recordState(state, firstPeriod); // the first one only says what the link opened
      firstPeriod = false;
    },
    onLoading: (on) => {
      loading = on;
      gridMessage(null);
    },
    onDrawn: (blocks) => {
      if (!loading) gridMessage(blocks);
      legend();
    },
    onSelect: (date, start, end) => scheduleDialog.openCreate(date, start, end, zone),
    onEventClick: (block, from) => eventDialog.open(block, from),
    onMoved: (block, start, end, how) => move(block, start, end, how),
    bookingEvents: async (start, end) => {
      await names;
      const { bookings } = await api.bookings(chosen.id, start, end);
      return bookings
        .filter((b) => b.status === 'confirmed')
        .map((b) => toBookingEvent(b, serviceNames.get(b.service_id) ?? 'Service', zone));
    },
    onBookingClick: (props) => {
      void panel.show(wallInZone(props.booking.start_datetime, zone).slice(0, 10));
      bookingDialog.open(props);
    },
    onBookingMoved: moveBooking,
  });
}

/**
 * A dragged or resized block, at grid wall times sent with the grid's offset. A one-off event
 * that was never edited moves as a whole; an occurrence of a series becomes an exception.
 */
async function move(
  block: BlockProps,
  start: string,
  end: string,
  how: 'moved' | 'resized',
): Promise<void> {
  const { instance, schedule } = block;
  if (instance.id === null) throw new Error('not stored yet');
  const zone = gridZone();
  const times = { start_datetime: withOffset(start, zone), end_datetime: withOffset(end, zone) };
  const single = schedule?.is_recurring === false && !instance.is_exception;
  try {
    if (single) await api.editSchedule(currentId(), instance.schedule_id, times);
    else await api.editInstance(currentId(), instance.id, times);
    schedules?.refresh();
    const what = single ? 'Event' : 'Occurrence';
    status.notice(
      how === 'resized'
        ? `${what} now ends at ${end.slice(11, 16)}.`
        : `${what} moved to ${start.slice(11, 16)}.`,
    );
  } catch (err) {
    status.error(
      err instanceof ApiError && err.status === 409
        ? `Not ${how}. ${conflictMessage(conflictsOf(err.details), await titles(), zone)}`
        : `Not ${how}: ${message(err)}`,
    );
    throw err;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

picker.addEventListener('change', () => {
  const id = Number(picker.value);
  const next: PageState = { ...state, specialist: id > 0 ? id : null };
  recordState(next);
  void show(next);
});

window.addEventListener('popstate', () => void show(readState(location.search)));

addButton.addEventListener('click', () => {
  if (!specialist || !view) return;
  const today = nowInZone(specialist.timezone).slice(0, 10);
  const date = period ? defaultCreateDate(today, period.start, period.end) : today;
  scheduleDialog.openCreate(date, '09:00', '17:00', specialist.timezone);
});

const specialistDialog = byId<HTMLDialogElement>('specialist-dialog');
const specialistForm = byId<HTMLFormElement>('specialist-form');
byId('new-specialist').addEventListener('click', () => {
  specialistForm.reset();
  fillZoneOptions(
    specialistForm.elements.namedItem('timezone') as HTMLSelectElement,
    Intl.DateTimeFormat().resolvedOptions().timeZone,
  );
  specialistForm.querySelector<HTMLElement>('.form-error')!.hidden = true;
  specialistDialog.showModal();
});
specialistForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const field = (name: string) =>
    (specialistForm.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value;
  api.createSpecialist(field('name').trim(), field('timezone')).then(
    async (created) => {
      specialistDialog.close();
      state = { ...state, specialist: created.id };
      recordState(state);
      await loadSpecialists();
      await show(state);
    },
    (err: unknown) => {
      const el = specialistForm.querySelector<HTMLElement>('.form-error')!;
      el.textContent = message(err);
      el.hidden = false;
    },
  );
});

void loadSpecialists().then(() => show(state));
