import { ApiError, type ApiClient, type Instance, type Schedule } from './api-client.ts';
import { conflictMessage, conflictsOf } from './conflict-message.ts';
import { describeRule } from './repeat-rule.ts';
import type { ScheduleDialog } from './schedule-dialog.ts';
import { describeBlock, wallPart } from './wall-time.ts';

/**
 * The dialog for a clicked block: its series, and the actions on this occurrence and on the
 * series, each mapped to one API call. Destructive buttons ask for a second click.
 */
export class EventDialog {
  private instance: Instance | null = null;
  private schedule: Schedule | null = null;
  private readonly form: HTMLFormElement;

  constructor(
    private readonly dialog: HTMLDialogElement,
    private readonly api: ApiClient,
    private readonly specialistId: () => number,
    private readonly titlesOf: () => Promise<Map<number, string>>,
    private readonly scheduleDialog: ScheduleDialog,
    private readonly onChanged: (message: string) => void,
  ) {
    this.form = dialog.querySelector('#occurrence-form') as HTMLFormElement;
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.run(() => this.saveOccurrence(), 'Occurrence updated.');
    });
    dialog.addEventListener('click', (e) => {
      const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
      if (button) this.act(button);
    });
  }

  /** Shows an occurrence; its series loads into the dialog. */
  open(instance: Instance): void {
    this.instance = instance;
    this.schedule = null;
    const d = this.dialog;
    d.querySelector('h2')!.textContent = instance.title;
    d.querySelector('[data-when]')!.textContent =
      describeBlock(instance.start_datetime, instance.end_datetime) +
      (instance.is_exception ? ' (edited occurrence)' : '');
    const editable = instance.id !== null;
    for (const el of d.querySelectorAll<HTMLElement>('[data-editable]')) el.hidden = !editable;
    d.querySelector<HTMLElement>('[data-readonly]')!.hidden = editable;
    const start = wallPart(instance.start_datetime);
    const end = wallPart(instance.end_datetime);
    this.field('title').value = instance.title;
    this.field('date').value = start.slice(0, 10);
    this.field('start').value = start.slice(11, 16);
    this.field('end').value = end.slice(11, 16);
    this.resetArmed();
    this.showError(null);
    const series = d.querySelector('[data-series]')!;
    series.textContent = 'Loading the series…';
    this.setSeriesButtons(false);
    d.showModal();
    this.api.schedule(this.specialistId(), instance.schedule_id).then(
      (s) => {
        if (this.instance !== instance) return;
        this.schedule = s;
        series.textContent = `Series “${s.title}”: ${describeRule(s.recurrence_rule)}, ${wallPart(s.start_datetime).slice(11, 16)}–${wallPart(s.end_datetime).slice(11, 16)}, starting ${s.start_datetime.slice(0, 10)} (${s.timezone}).`;
        this.setSeriesButtons(true);
      },
      (err: unknown) => {
        series.textContent = `The series could not be loaded: ${err instanceof Error ? err.message : String(err)}`;
      },
    );
  }

  private act(button: HTMLButtonElement): void {
    const instance = this.instance;
    const schedule = this.schedule;
    if (!instance) return;
    const id = this.specialistId();
    const from = wallPart(instance.original_start_datetime).slice(0, 10);
    const action = button.dataset.action;
    if (action === 'edit-all' && schedule) {
      this.dialog.close();
      this.scheduleDialog.openEdit({ kind: 'all', schedule });
      return;
    }
    if (action === 'edit-following' && schedule) {
      this.dialog.close();
      this.scheduleDialog.openEdit({ kind: 'following', schedule, from });
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
    if (action === 'cancel-occurrence' && instance.id !== null) {
      const iid = instance.id;
      void this.run(() => this.api.cancelInstance(id, iid), 'Occurrence cancelled.');
    } else if (action === 'delete-following' && schedule) {
      void this.run(() => this.api.deleteSchedule(id, schedule.id, from), 'Series ended.');
    } else if (action === 'delete-series' && schedule) {
      void this.run(() => this.api.deleteSchedule(id, schedule.id), 'Series deleted.');
    }
  }

  private async saveOccurrence(): Promise<void> {
    const instance = this.instance;
    if (!instance || instance.id === null) return;
    const date = this.field('date').value;
    const start = this.field('start').value;
    const end = this.field('end').value;
    if (end <= start) throw new Error('The end time must be after the start time.');
    await this.api.editInstance(this.specialistId(), instance.id, {
      title: this.field('title').value.trim(),
      start_datetime: `${date}T${start}:00`,
      end_datetime: `${date}T${end}:00`,
    });
  }

  private async run(write: () => Promise<unknown>, done: string): Promise<void> {
    this.showError(null);
    try {
      await write();
      this.dialog.close();
      this.onChanged(done);
    } catch (err) {
      this.resetArmed();
      this.showError(
        err instanceof ApiError && err.status === 409
          ? conflictMessage(conflictsOf(err.details), await this.titlesOf().catch(() => new Map()))
          : err instanceof Error
            ? err.message
            : String(err),
      );
    }
  }

  private setSeriesButtons(ready: boolean): void {
    const recurring = this.schedule?.is_recurring ?? true;
    for (const b of this.dialog.querySelectorAll<HTMLButtonElement>(
      '[data-series-actions] button',
    )) {
      b.disabled = !ready;
      if (b.dataset.action?.endsWith('following')) b.hidden = !recurring;
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
