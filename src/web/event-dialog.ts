import { ApiError, type ApiClient, type Schedule } from './api-client.ts';
import { conflictMessage, conflictsOf } from './conflict-message.ts';
import type { FocusTarget } from './focus-return.ts';
import { ownZoneNote, type BlockProps } from './instance-event.ts';
import { describeRule } from './repeat-rule.ts';
import { blockTimes } from './schedule-changes.ts';
import type { ScheduleDialog } from './schedule-dialog.ts';
import { describeBlock, wallPart } from './wall-time.ts';
import { wallInZone, withOffset } from './zoned-time.ts';

/** What the dialog needs from the page. */
export interface EventDialogContext {
  readonly api: ApiClient;
  readonly specialistId: () => number;
  readonly gridZone: () => string;
  readonly titles: () => Promise<Map<number, string>>;
  readonly scheduleDialog: ScheduleDialog;
  /** A write succeeded; focus goes back to the grid at `focus` once it shows the result. */
  readonly onChanged: (message: string, focus: FocusTarget | null) => void;
}

/** Buttons for a one-off event; the others are for an occurrence of a series. */
const SINGLE_ACTIONS = new Set(['edit-event', 'delete-event']);

/**
 * The dialog for a clicked block. The actions come first (one Tab from the heading), then the
 * form that changes this occurrence. An occurrence of a series offers the series actions; a
 * one-off event is presented as a single event ("Edit details…", "Delete event"). Times are
 * the grid's (the specialist's zone); destructive buttons ask for a second click.
 */
export class EventDialog {
  private block: BlockProps | null = null;
  private schedule: Schedule | null = null;
  private from: FocusTarget | null = null;
  private opened = { title: '', date: '', start: '', end: '' };
  private readonly form: HTMLFormElement;

  constructor(
    private readonly dialog: HTMLDialogElement,
    private readonly ctx: EventDialogContext,
  ) {
    this.form = dialog.querySelector('#occurrence-form') as HTMLFormElement;
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.saveOccurrence();
    });
    dialog.addEventListener('click', (e) => {
      const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
      if (button) this.act(button);
    });
  }

  /** Shows a block; its schedule loads into the dialog. `from` is where focus returns to. */
  open(block: BlockProps, from: FocusTarget): void {
    const instance = block.instance;
    this.block = block;
    this.from = from;
    this.schedule = null;
    const d = this.dialog;
    const zone = this.ctx.gridZone();
    d.querySelector('h2')!.textContent = instance.title;
    d.querySelector('[data-when]')!.textContent =
      describeBlock(instance.start_datetime, instance.end_datetime, zone) +
      (instance.is_exception && block.schedule?.is_recurring !== false
        ? ' (edited occurrence)'
        : '');
    const editable = instance.id !== null;
    for (const el of d.querySelectorAll<HTMLElement>('[data-editable]')) el.hidden = !editable;
    d.querySelector<HTMLElement>('[data-readonly]')!.hidden = editable;
    const start = wallInZone(instance.start_datetime, zone);
    const end = wallInZone(instance.end_datetime, zone);
    this.opened = {
      title: instance.title,
      date: start.slice(0, 10),
      start: start.slice(11, 16),
      end: end.slice(11, 16),
    };
    this.field('title').value = this.opened.title;
    this.field('date').value = this.opened.date;
    this.field('start').value = this.opened.start;
    this.field('end').value = this.opened.end;
    this.form.querySelector('[data-zone]')!.textContent = `Times in ${zone}.`;
    this.resetArmed();
    this.showError(null);
    d.querySelector('[data-own-zone]')!.textContent = '';
    this.present(block.schedule ?? null, false);
    d.querySelector('[data-series]')!.textContent = 'Loading the series…';
    d.showModal();
    this.ctx.api.schedule(this.ctx.specialistId(), instance.schedule_id).then(
      (s) => {
        if (this.block !== block) return;
        this.schedule = s;
        this.present(s, true);
      },
      (err: unknown) => {
        if (this.block !== block) return;
        d.querySelector('[data-series]')!.textContent =
          `The series could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
      },
    );
  }

  /** Series or single event: which actions, which words; `loaded` enables the schedule's ones. */
  private present(s: Schedule | null, loaded: boolean): void {
    const single = s?.is_recurring === false;
    const d = this.dialog;
    for (const b of d.querySelectorAll<HTMLButtonElement>('[data-actions] button[data-action]')) {
      const action = b.dataset.action ?? '';
      b.hidden = single !== SINGLE_ACTIONS.has(action);
      const needsSchedule = action !== 'cancel-occurrence' && action !== 'delete-event';
      b.disabled = needsSchedule && !loaded;
    }
    d.querySelector<HTMLElement>('[data-series-actions]')!.hidden = single;
    d.querySelector('[data-group-label]')!.textContent = single ? 'This event' : 'This occurrence';
    this.form.querySelector('legend')!.textContent = single
      ? 'Change this event'
      : 'Change this occurrence';
    this.form.querySelector('button[type="submit"]')!.textContent = single
      ? 'Save'
      : 'Save this occurrence';
    if (!s) return;
    const instance = this.block?.instance;
    const note = instance ? ownZoneNote(instance, s, this.ctx.gridZone()) : '';
    d.querySelector('[data-own-zone]')!.textContent = note ? `Its own time: ${note}.` : '';
    const times = `${wallPart(s.start_datetime).slice(11, 16)}–${wallPart(s.end_datetime).slice(11, 16)}`;
    d.querySelector('[data-series]')!.textContent = single
      ? `One-off event (${s.timezone}).`
      : `Series “${s.title}”: ${describeRule(s.recurrence_rule, s.timezone)}, ${times}, starting ${s.start_datetime.slice(0, 10)} (${s.timezone}).`;
  }

  private act(button: HTMLButtonElement): void {
    const block = this.block;
    const instance = block?.instance;
    const schedule = this.schedule;
    const from = this.from;
    if (!instance || !from) return;
    const id = this.ctx.specialistId();
    // "From" is the occurrence's own date in the series' zone, as the API reads it.
    const fromDate = wallPart(instance.original_start_datetime).slice(0, 10);
    const action = button.dataset.action;
    if ((action === 'edit-all' || action === 'edit-event') && schedule) {
      this.dialog.close();
      this.ctx.scheduleDialog.openEdit({ kind: 'all', schedule }, this.target(schedule));
      return;
    }
    if (action === 'edit-following' && schedule) {
      this.dialog.close();
      this.ctx.scheduleDialog.openEdit({ kind: 'following', schedule, from: fromDate }, from);
      return;
    }
    // Destructive: the first click arms the button, the second one acts.
    if (button.dataset.armed !== 'true') {
      this.resetArmed();
      button.dataset.armed = 'true';
      button.dataset.label = button.textContent ?? '';
      button.textContent = 'Click again to confirm';
      return;
    }
    const api = this.ctx.api;
    if (action === 'cancel-occurrence' && instance.id !== null) {
      const iid = instance.id;
      void this.run(() => api.cancelInstance(id, iid), 'Occurrence cancelled.', from);
    } else if (action === 'delete-following' && schedule) {
      void this.run(() => api.deleteSchedule(id, schedule.id, fromDate), 'Series ended.', from);
    } else if (action === 'delete-series' && schedule) {
      void this.run(() => api.deleteSchedule(id, schedule.id), 'Series deleted.', from);
    } else if (action === 'delete-event') {
      void this.run(() => api.deleteSchedule(id, instance.schedule_id), 'Event deleted.', from);
    }
  }

  /**
   * Saves what was changed in the form, told in the grid's zone (sent with its offset, so the
   * server reads the same instant whatever the schedule's zone). A one-off event that was never
   * edited changes its schedule, so it stays a plain event; an occurrence becomes an exception.
   */
  private async saveOccurrence(): Promise<void> {
    const instance = this.block?.instance;
    if (!instance || instance.id === null) return;
    const zone = this.ctx.gridZone();
    const now = {
      title: this.field('title').value.trim(),
      date: this.field('date').value,
      start: this.field('start').value,
      end: this.field('end').value,
    };
    if (!now.title) return this.showError('Give the block a title.');
    if (!now.date || !now.start || !now.end)
      return this.showError('Choose the date, the start and the end.');
    if (now.end === now.start) return this.showError('The end time must be after the start time.');
    const patch: { title?: string; start_datetime?: string; end_datetime?: string } = {};
    if (now.title !== this.opened.title) patch.title = now.title;
    const o = this.opened;
    if (now.date !== o.date || now.start !== o.start || now.end !== o.end) {
      const times = blockTimes(now.date, now.start, now.end);
      patch.start_datetime = withOffset(times.start_datetime, zone);
      patch.end_datetime = withOffset(times.end_datetime, zone);
    }
    if (Object.keys(patch).length === 0) {
      this.dialog.close();
      return this.ctx.onChanged('Nothing was changed.', null);
    }
    const id = this.ctx.specialistId();
    const single = this.schedule?.is_recurring === false && !instance.is_exception;
    const iid = instance.id;
    const target: FocusTarget = {
      ...this.target(this.schedule),
      date: now.date,
      start: `${now.date}T${now.start}:00`,
    };
    await this.run(
      () =>
        single
          ? this.ctx.api.editSchedule(id, instance.schedule_id, patch)
          : this.ctx.api.editInstance(id, iid, patch),
      single ? 'Event updated.' : 'Occurrence updated.',
      target,
    );
  }

  /** Where focus goes after a change of this block: itself, or its schedule's block that day. */
  private target(schedule: Schedule | null): FocusTarget {
    const from = this.from!;
    return schedule ? { ...from, scheduleId: schedule.id } : from;
  }

  private async run(
    write: () => Promise<unknown>,
    done: string,
    focus: FocusTarget,
  ): Promise<void> {
    this.showError(null);
    try {
      await write();
      this.dialog.close();
      this.ctx.onChanged(done, focus);
    } catch (err) {
      this.resetArmed();
      this.showError(
        err instanceof ApiError && err.status === 409
          ? conflictMessage(
              conflictsOf(err.details),
              await this.ctx.titles().catch(() => new Map<number, string>()),
              this.ctx.gridZone(),
            )
          : err instanceof Error
            ? err.message
            : String(err),
      );
    }
  }

  private resetArmed(): void {
    for (const b of this.dialog.querySelectorAll<HTMLButtonElement>('button[data-armed="true"]')) {
      b.textContent = b.dataset.label ?? b.textContent;
      delete b.dataset.armed;
    }
  }

  private showError(message: string | null): void {
    const el = this.dialog.querySelector<HTMLElement>('.form-error')!;
    el.textContent = message ?? '';
    el.hidden = message === null;
  }

  private field(name: string): HTMLInputElement {
    return this.form.elements.namedItem(name) as HTMLInputElement;
  }
}
