import type { Calendar } from '@fullcalendar/core';
import { ApiClient, ApiError, type Specialist } from './api-client.ts';
import { createCalendarView } from './calendar-view.ts';
import { conflictMessage, conflictsOf } from './conflict-message.ts';
import { EventDialog } from './event-dialog.ts';
import { PageStatus } from './page-status.ts';
import { ScheduleDialog } from './schedule-dialog.ts';
import { askForToken } from './token-dialog.ts';
import { readState, recordState, type PageState } from './url-state.ts';
import { offsetLabel } from './wall-time.ts';
import { fillZoneOptions } from './zone-options.ts';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

const status = new PageStatus(document);
const api = new ApiClient(() => askForToken(byId<HTMLDialogElement>('token-dialog')));
const picker = byId<HTMLSelectElement>('specialist-select');
const addButton = byId<HTMLButtonElement>('new-availability');

let specialist: Specialist | null = null;
let calendar: Calendar | null = null;
let state: PageState = readState(location.search);

const currentId = (): number => {
  if (!specialist) throw new Error('no specialist chosen');
  return specialist.id;
};

/** Schedule titles by id, for naming the blocks a 409 clashes with. */
async function titles(): Promise<Map<number, string>> {
  const { schedules } = await api.schedules(currentId());
  return new Map(schedules.map((s) => [s.id, s.title]));
}

function changed(message: string): void {
  status.notice(message);
  calendar?.refetchEvents();
}

const scheduleDialog = new ScheduleDialog(byId('schedule-dialog'), api, currentId, titles, changed);
const eventDialog = new EventDialog(
  byId('event-dialog'),
  api,
  currentId,
  titles,
  scheduleDialog,
  changed,
);

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

/** Shows the calendar for the state's specialist (or the empty prompt). */
async function show(next: PageState): Promise<void> {
  state = next;
  picker.value = state.specialist === null ? '' : String(state.specialist);
  if (state.specialist === null) {
    calendar?.destroy();
    calendar = null;
    specialist = null;
    byId('empty').hidden = false;
    byId('calendar').hidden = true;
    byId('zone-label').textContent = '';
    addButton.disabled = true;
    return;
  }
  if (specialist?.id === state.specialist && calendar) {
    // Same specialist (back/forward): move the existing calendar.
    calendar.changeView(
      state.view === 'month' ? 'dayGridMonth' : 'timeGridWeek',
      state.date ?? undefined,
    );
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
  byId('zone-label').textContent =
    `Times in ${specialist.timezone} (${offsetLabel(specialist.timezone)})`;
  calendar?.destroy();
  const zone = specialist.timezone;
  calendar = createCalendarView(byId('calendar'), {
    api,
    status,
    specialist,
    date: state.date,
    view: state.view,
    onDatesSet: (date, view) => {
      state = { specialist: state.specialist, date, view };
      recordState(state);
    },
    onSelect: (date, start, end) => scheduleDialog.openCreate(date, start, end, zone),
    onEventClick: (instance) => eventDialog.open(instance),
    onMoved: async (instance, start, end) => {
      if (instance.id === null) throw new Error('not stored yet');
      try {
        await api.editInstance(currentId(), instance.id, {
          start_datetime: start,
          end_datetime: end,
        });
        status.notice('Occurrence moved.');
      } catch (err) {
        status.error(
          err instanceof ApiError && err.status === 409
            ? `Not moved. ${conflictMessage(conflictsOf(err.details), await titles().catch(() => new Map()))}`
            : `Not moved: ${message(err)}`,
        );
        throw err;
      }
    },
  });
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
  if (!specialist || !calendar) return;
  const date = state.date ?? new Date().toISOString().slice(0, 10);
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
