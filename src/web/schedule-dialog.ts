import { ApiError, type ApiClient, type Schedule, type ScheduleBody } from './api-client.ts';
import { conflictMessage, conflictsOf } from './conflict-message.ts';
import type { FocusTarget } from './focus-return.ts';
import { remainingChoice } from './occurrence-count.ts';
import {
  buildRule,
  monthlyWeekdayLabel,
  parseRule,
  weekdayCode,
  type RepeatChoice,
} from './repeat-rule.ts';
import { blockTimes, scheduleChanges, type ScheduleFormValues } from './schedule-changes.ts';
import { wallPart } from './wall-time.ts';
import { wallInZone, withOffset } from './zoned-time.ts';
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

/** What the page needs from the dialog's surroundings. */
export interface ScheduleDialogContext {
  readonly api: ApiClient;
  readonly specialistId: () => number;
  /** The grid's zone (the specialist's): times elsewhere are also told in it. */
  readonly gridZone: () => string;
  readonly titles: () => Promise<Map<number, string>>;
  /** A write succeeded (or there was nothing to write); `focus` says where focus goes. */
  readonly onSaved: (message: string, focus: FocusTarget | null, wrote: boolean) => void;
}

/**
 * The create / edit-series form in a <dialog>. A new block is sent whole; a series edit sends
 * only the fields the person changed (nothing at all when nothing changed), so a rule, an end
 * date or a count that was merely shown is never written back. "This and following" shows what
 * is left of a COUNT. A 409 shows the clashes in words and keeps the dialog open.
 */
export class ScheduleDialog {
  private readonly form: HTMLFormElement;
  private mode: ScheduleDialogMode = { kind: 'create' };
  /** The form as it was read right after opening: a series edit sends what differs from it. */
  private opened: ScheduleFormValues | null = null;
  private returnTo: FocusTarget | null = null;
  /** The date the weekday boxes were last set for, so they can follow a changed date. */
  private shownDate = '';

  constructor(
    private readonly dialog: HTMLDialogElement,
    private readonly ctx: ScheduleDialogContext,
  ) {
    this.form = dialog.querySelector('form') as HTMLFormElement;
    this.form.addEventListener('change', (e) => {
      if (e.target === this.input('date')) this.followDate();
      this.syncVisibility();
    });
    this.form.addEventListener('input', () => this.syncZoneHint());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.save();
    });
  }

  /** Opens the dialog filled with `draft`; after a save, focus goes to `returnTo` if given. */
  open(mode: ScheduleDialogMode, draft: ScheduleDraft, returnTo: FocusTarget | null = null): void {
    this.mode = mode;
    this.returnTo = returnTo;
    const single = mode.kind !== 'create' && !mode.schedule.is_recurring;
    this.dialog.querySelector('h2')!.textContent =
      mode.kind === 'create'
        ? 'New availability'
        : single
          ? 'Edit event'
          : mode.kind === 'all'
            ? 'Edit all occurrences'
            : 'Edit this and following';
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
    this.form.dataset.wkst = r.wkst ?? '';
    this.shownDate = draft.date;
    this.showError(null);
    this.syncVisibility();
    this.opened = this.values();
    this.dialog.showModal();
  }

  /** Opens an empty create form for a date and time range (grid wall times). */
  openCreate(date: string, start: string, end: string, timezone: string): void {
    this.open(
      { kind: 'create' },
      {
        title: 'Available',
        date,
        start,
        end,
        timezone,
        repeat: { ...parseRule(null, timezone), byday: [weekdayCode(date)] },
      },
    );
  }

  /**
   * Opens a series edit filled from the stored schedule, in its own zone; "following" starts on
   * `from` and shows only what is left of a COUNT.
   */
  openEdit(mode: Exclude<ScheduleDialogMode, { kind: 'create' }>, returnTo: FocusTarget): void {
    const s = mode.schedule;
    const start = wallPart(s.start_datetime);
    const end = wallPart(s.end_datetime);
    const repeat = parseRule(s.recurrence_rule, s.timezone);
    this.open(
      mode,
      {
        title: s.title,
        date: mode.kind === 'following' ? mode.from : start.slice(0, 10),
        start: start.slice(11, 16),
        end: end.slice(11, 16),
        timezone: s.timezone,
        repeat:
          mode.kind === 'following'
            ? remainingChoice(repeat, start.slice(0, 10), mode.from)
            : repeat,
      },
      returnTo,
    );
  }

  private async save(): Promise<void> {
    const values = this.values();
    const problem = this.problem(values);
    if (problem) return this.showError(problem);
    const mode = this.mode;
    const id = this.ctx.specialistId();
    if (mode.kind !== 'create') {
      const patch = scheduleChanges(this.opened ?? values, values);
      if (Object.keys(patch).length === 0) {
        this.dialog.close();
        return this.ctx.onSaved('Nothing was changed.', null, false);
      }
      return this.write(async () => {
        const from = mode.kind === 'following' ? mode.from : undefined;
        await this.ctx.api.editSchedule(id, mode.schedule.id, patch, from);
        return this.returnTo;
      }, 'Series updated.');
    }
    const body: ScheduleBody = {
      title: values.title,
      ...blockTimes(values.date, values.start, values.end),
      timezone: values.timezone,
      ...(values.rule ? { recurrence_rule: values.rule } : {}),
    };
    return this.write(async () => {
      const created = await this.ctx.api.createSchedule(id, body);
      const start = wallInZone(withOffset(body.start_datetime, body.timezone), this.ctx.gridZone());
      return { scheduleId: created.id, date: start.slice(0, 10), start };
    }, 'Availability added.');
  }

  private async write(send: () => Promise<FocusTarget | null>, done: string): Promise<void> {
    const submit = this.form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = true;
    try {
      const focus = await send();
      this.dialog.close();
      this.ctx.onSaved(done, focus, true);
    } catch (err) {
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
    } finally {
      submit.disabled = false;
    }
  }

  /** What the form says now. */
  private values(): ScheduleFormValues {
    const date = this.input('date').value;
    return {
      title: this.input('title').value.trim(),
      date,
      start: this.input('start').value,
      end: this.input('end').value,
      timezone: this.select('timezone').value,
      rule: buildRule(this.choice(), date) ?? null,
    };
  }

  private choice(): RepeatChoice {
    const wkst = this.form.dataset.wkst;
    return {
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
      ...(wkst ? { wkst } : {}),
    };
  }

  /** What is wrong with the form, or null. */
  private problem(v: ScheduleFormValues): string | null {
    const c = this.choice();
    if (!v.title) return 'Give the block a title.';
    if (!v.date || !v.start || !v.end) return 'Choose the date, the start and the end.';
    if (v.end === v.start) return 'The end time must be after the start time.';
    if (c.repeat === 'weekly' && c.byday.length === 0)
      return 'Choose at least one day of the week.';
    if (c.repeat !== 'none' && c.ends === 'until' && !c.until) return 'Choose the end date.';
    if (c.repeat !== 'none' && c.ends === 'until' && c.until < v.date)
      return 'The end date must not be before the start date.';
    return null;
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
    const following = this.mode.kind === 'following';
    this.form.querySelector<HTMLElement>('[data-count-hint]')!.hidden = !(
      following && ends === 'count'
    );
    this.syncZoneHint();
  }

  /** When the block's zone is not the grid's, says where the block will be on the grid. */
  private syncZoneHint(): void {
    const hint = this.form.querySelector<HTMLElement>('[data-zone-hint]')!;
    const { date, start, end, timezone } = this.values();
    this.form.querySelector<HTMLElement>('[data-overnight-hint]')!.hidden = !(
      start &&
      end &&
      end < start
    );
    const grid = this.ctx.gridZone();
    hint.hidden = !date || !start || !end || !timezone || timezone === grid;
    if (hint.hidden) return;
    const times = blockTimes(date, start, end);
    const s = wallInZone(withOffset(times.start_datetime, timezone), grid);
    const e = wallInZone(withOffset(times.end_datetime, timezone), grid);
    const day = s.slice(0, 10) === date ? '' : ` on ${s.slice(0, 10)}`;
    hint.textContent = `On the calendar (${grid}): ${s.slice(11, 16)}–${e.slice(11, 16)}${day}.`;
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
