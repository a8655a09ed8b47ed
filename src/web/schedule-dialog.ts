import { ApiError, type ApiClient, type Schedule, type ScheduleBody } from './api-client.ts';
import { conflictMessage, conflictsOf } from './conflict-message.ts';
import {
  buildRule,
  monthlyWeekdayLabel,
  parseRule,
  weekdayCode,
  type RepeatChoice,
} from './repeat-rule.ts';
import { wallPart } from './wall-time.ts';
import { fillZoneOptions } from './zone-options.ts';

/** What the dialog is for: a new block, or a series edit (all, or this and following). */
export type ScheduleDialogMode =
  | { readonly kind: 'create' }
  | { readonly kind: 'all'; readonly schedule: Schedule }
  | { readonly kind: 'following'; readonly schedule: Schedule; readonly from: string };

/** The values the dialog opens with. */
export interface ScheduleDraft {
  readonly title: string;
  readonly date: string;
  readonly start: string;
  readonly end: string;
  readonly timezone: string;
  readonly repeat: RepeatChoice;
}

const TITLES = {
  create: 'New availability',
  all: 'Edit all occurrences',
  following: 'Edit this and following',
};

/**
 * The create / edit-series form in a <dialog>. On save it writes through the API; a 409 shows
 * the clashing blocks in words and keeps the dialog open with nothing changed.
 */
export class ScheduleDialog {
  private readonly form: HTMLFormElement;
  private mode: ScheduleDialogMode = { kind: 'create' };
  /** The date the weekday boxes were last set for, so they can follow a changed date. */
  private shownDate = '';

  constructor(
    private readonly dialog: HTMLDialogElement,
    private readonly api: ApiClient,
    private readonly specialistId: () => number,
    private readonly titlesOf: () => Promise<Map<number, string>>,
    private readonly onSaved: (message: string) => void,
  ) {
    this.form = dialog.querySelector('form') as HTMLFormElement;
    this.form.addEventListener('change', (e) => {
      if (e.target === this.input('date')) this.followDate();
      this.syncVisibility();
    });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save();
    });
  }

  /** Opens the dialog filled with `draft`. */
  open(mode: ScheduleDialogMode, draft: ScheduleDraft): void {
    this.mode = mode;
    this.dialog.querySelector('h2')!.textContent = TITLES[mode.kind];
    this.input('title').value = draft.title;
    this.input('date').value = draft.date;
    this.input('start').value = draft.start;
    this.input('end').value = draft.end;
    fillZoneOptions(this.select('timezone'), draft.timezone);
    const r = draft.repeat;
    const repeat = this.select('repeat');
    const custom = repeat.querySelector<HTMLOptionElement>('option[value="custom"]')!;
    custom.hidden = r.repeat !== 'custom';
    custom.dataset.rule = r.custom ?? '';
    repeat.value = r.repeat;
    this.input('interval').value = String(r.interval);
    for (const box of this.checkboxes()) box.checked = r.byday.includes(box.value);
    this.select('ends').value = r.ends;
    this.input('until').value = r.until;
    this.input('count').value = String(r.count);
    this.shownDate = draft.date;
    this.showError(null);
    this.syncVisibility();
    this.dialog.showModal();
  }

  /** Opens an empty create form for a date and time range. */
  openCreate(date: string, start: string, end: string, timezone: string): void {
    this.open(
      { kind: 'create' },
      {
        title: 'Available',
        date,
        start,
        end,
        timezone,
        repeat: { ...parseRule(null), byday: [weekdayCode(date)] },
      },
    );
  }

  /** Opens a series edit filled from the stored schedule; "following" starts on `from`. */
  openEdit(mode: Exclude<ScheduleDialogMode, { kind: 'create' }>): void {
    const s = mode.schedule;
    const start = wallPart(s.start_datetime);
    const end = wallPart(s.end_datetime);
    this.open(mode, {
      title: s.title,
      date: mode.kind === 'following' ? mode.from : start.slice(0, 10),
      start: start.slice(11, 16),
      end: end.slice(11, 16),
      timezone: s.timezone,
      repeat: parseRule(s.recurrence_rule),
    });
  }

  private async save(): Promise<void> {
    const body = this.body();
    if (typeof body === 'string') return this.showError(body);
    const submit = this.form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = true;
    try {
      const id = this.specialistId();
      const mode = this.mode;
      if (mode.kind === 'create') await this.api.createSchedule(id, body);
      else if (mode.kind === 'all') await this.api.editSchedule(id, mode.schedule.id, body);
      else await this.api.editSchedule(id, mode.schedule.id, body, mode.from);
      this.dialog.close();
      this.onSaved(mode.kind === 'create' ? 'Availability added.' : 'Series updated.');
    } catch (err) {
      this.showError(await this.explain(err));
    } finally {
      submit.disabled = false;
    }
  }

  private async explain(err: unknown): Promise<string> {
    if (err instanceof ApiError && err.status === 409)
      return conflictMessage(
        conflictsOf(err.details),
        await this.titlesOf().catch(() => new Map()),
      );
    return err instanceof Error ? err.message : String(err);
  }

  /** The request body, or what is wrong with the form. */
  private body(): ScheduleBody | string {
    const date = this.input('date').value;
    const start = this.input('start').value;
    const end = this.input('end').value;
    if (end <= start) return 'The end time must be after the start time.';
    const choice: RepeatChoice = {
      repeat: this.select('repeat').value as RepeatChoice['repeat'],
      interval: Math.max(1, Number(this.input('interval').value) || 1),
      byday: this.checkboxes()
        .filter((b) => b.checked)
        .map((b) => b.value),
      ends: this.select('ends').value as RepeatChoice['ends'],
      until: this.input('until').value,
      count: Number(this.input('count').value) || 1,
      custom:
        this.select('repeat').querySelector<HTMLOptionElement>('option[value="custom"]')!.dataset
          .rule ?? '',
    };
    if (choice.repeat === 'weekly' && choice.byday.length === 0)
      return 'Choose at least one day of the week.';
    if (choice.repeat !== 'none' && choice.ends === 'until' && !choice.until)
      return 'Choose the end date.';
    if (choice.repeat !== 'none' && choice.ends === 'until' && choice.until < date)
      return 'The end date must not be before the start date.';
    const rule = buildRule(choice, date);
    return {
      title: this.input('title').value.trim(),
      start_datetime: `${date}T${start}:00`,
      end_datetime: `${date}T${end}:00`,
      timezone: this.select('timezone').value,
      ...(rule ? { recurrence_rule: rule } : {}),
    };
  }

  /**
   * A new date moves "weekly on <that date's weekday>" along with it (unless other days were
   * chosen), so the first occurrence is always one of the chosen days.
   */
  private followDate(): void {
    const date = this.input('date').value;
    if (!date) return;
    const chosen = this.checkboxes().filter((b) => b.checked);
    const untouched =
      chosen.length === 0 ||
      (chosen.length === 1 && this.shownDate && chosen[0]?.value === weekdayCode(this.shownDate));
    if (untouched)
      for (const box of this.checkboxes()) box.checked = box.value === weekdayCode(date);
    this.shownDate = date;
  }

  private syncVisibility(): void {
    const repeat = this.select('repeat').value;
    const ends = this.select('ends').value;
    const show: Record<string, boolean> = {
      interval: ['daily', 'weekly', 'monthly-date', 'monthly-weekday'].includes(repeat),
      weekdays: repeat === 'weekly',
      monthly: repeat.startsWith('monthly'),
      custom: repeat === 'custom',
      ends: repeat !== 'none',
      until: repeat !== 'none' && ends === 'until',
      count: repeat !== 'none' && ends === 'count',
    };
    for (const el of this.form.querySelectorAll<HTMLElement>('[data-show]'))
      el.hidden = !show[el.dataset.show ?? ''];
    const units: Record<string, string> = { daily: 'day(s)', weekly: 'week(s)' };
    this.form.querySelector('[data-unit]')!.textContent = units[repeat] ?? 'month(s)';
    const date = this.input('date').value;
    this.form.querySelector('[data-monthly-hint]')!.textContent = date
      ? repeat === 'monthly-weekday'
        ? `On the ${monthlyWeekdayLabel(date)} of the month.`
        : `On day ${Number(date.slice(8, 10))} of the month.`
      : '';
    const custom =
      this.select('repeat').querySelector<HTMLOptionElement>('option[value="custom"]')!;
    this.form.querySelector('[data-custom-hint]')!.textContent =
      `Kept as is: ${custom.dataset.rule ?? ''}`;
  }

  private showError(message: string | null): void {
    const el = this.form.querySelector<HTMLElement>('.form-error')!;
    el.textContent = message ?? '';
    el.hidden = message === null;
  }

  private input(name: string): HTMLInputElement {
    return this.form.elements.namedItem(name) as HTMLInputElement;
  }

  private select(name: string): HTMLSelectElement {
    return this.form.elements.namedItem(name) as HTMLSelectElement;
  }

  private checkboxes(): HTMLInputElement[] {
    return [...this.form.querySelectorAll<HTMLInputElement>('input[name="byday"]')];
  }
}
