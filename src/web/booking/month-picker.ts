import { addDays } from '../wall-time.ts';
import { longDay } from './slot-time.ts';
import { monthLabel, monthWeeks } from './month-days.ts';

const WEEKDAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];

/**
 * A month at a glance: one button per day, the days with free slots marked, one day chosen.
 * Keyboard: the chosen day is the one tab stop; arrows move by a day or a week, Enter chooses.
 * Days without slots stay focusable (aria-disabled) so arrows never jump unexpectedly.
 * @example new MonthPicker(el, {onChoose: (d) => …, onMonth: (m) => …}).draw('2026-12', counts, '2026-12-10')
 */
export class MonthPicker {
  private readonly title: HTMLElement;
  private readonly grid: HTMLElement;
  readonly previous: HTMLButtonElement;
  readonly next: HTMLButtonElement;
  private month = '';
  private counts = new Map<string, number>();
  private chosen: string | null = null;

  constructor(
    root: HTMLElement,
    private readonly on: {
      onChoose: (date: string) => void;
      onMonth: (step: 1 | -1) => void;
    },
  ) {
    root.classList.add('month-picker');
    root.innerHTML = `
      <div class="month-nav">
        <button type="button" class="month-step" data-step="-1" aria-label="Previous month">‹</button>
        <h2 class="month-title" aria-live="polite"></h2>
        <button type="button" class="month-step" data-step="1" aria-label="Next month">›</button>
      </div>
      <div class="month-grid" role="group">
        ${WEEKDAYS.map((d) => `<span class="weekday" aria-hidden="true">${d}</span>`).join('')}
      </div>`;
    this.title = root.querySelector('.month-title')!;
    this.grid = root.querySelector('.month-grid')!;
    this.title.id = `${root.id || 'month'}-title`;
    this.grid.setAttribute('aria-labelledby', this.title.id);
    [this.previous, this.next] = [...root.querySelectorAll<HTMLButtonElement>('.month-step')] as [
      HTMLButtonElement,
      HTMLButtonElement,
    ];
    this.previous.addEventListener('click', () => this.on.onMonth(-1));
    this.next.addEventListener('click', () => this.on.onMonth(1));
    this.grid.addEventListener('keydown', (e) => this.key(e));
  }

  /** Draws `month` with free-slot `counts` per day (null: still loading) and `chosen` marked. */
  draw(month: string, counts: Map<string, number> | null, chosen: string | null): void {
    this.month = month;
    this.counts = counts ?? new Map<string, number>();
    this.chosen = chosen;
    this.title.textContent = monthLabel(month);
    this.grid.setAttribute('aria-busy', String(counts === null));
    for (const old of this.grid.querySelectorAll('.day, .day-pad')) old.remove();
    const cells = monthWeeks(month).flat();
    const stop =
      chosen ??
      cells.find((d) => d !== null && (this.counts.get(d) ?? 0) > 0) ??
      cells.find((d) => d !== null)!;
    for (const date of cells) {
      if (date === null) {
        this.grid.append(Object.assign(document.createElement('span'), { className: 'day-pad' }));
        continue;
      }
      const n = this.counts.get(date) ?? 0;
      const b = document.createElement('button');
      b.type = 'button';
      b.className = n > 0 ? 'day has-slots' : 'day';
      b.dataset.date = date;
      b.textContent = String(Number(date.slice(8)));
      b.tabIndex = date === stop ? 0 : -1;
      b.setAttribute('aria-pressed', String(date === chosen));
      b.setAttribute(
        'aria-label',
        `${longDay(date)}, ${counts === null ? 'loading' : n === 0 ? 'no free times' : n === 1 ? '1 free time' : `${n} free times`}`,
      );
      if (n === 0) b.setAttribute('aria-disabled', 'true');
      b.addEventListener('click', () => {
        if (n > 0) this.on.onChoose(date);
      });
      this.grid.append(b);
    }
  }

  /** Puts focus on the day that is the grid's tab stop. */
  focusDay(): void {
    this.grid.querySelector<HTMLButtonElement>('.day[tabindex="0"]')?.focus();
  }

  private key(e: KeyboardEvent): void {
    const steps: Record<string, number> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: -7,
      ArrowDown: 7,
    };
    const step = steps[e.key];
    const from = (e.target as HTMLElement).dataset.date;
    if (step === undefined || !from) return;
    e.preventDefault();
    const to = addDays(from, step);
    const target = this.grid.querySelector<HTMLButtonElement>(`.day[data-date="${to}"]`);
    if (!target) return; // the month's edge: the month buttons change months
    for (const b of this.grid.querySelectorAll<HTMLButtonElement>('.day')) b.tabIndex = -1;
    target.tabIndex = 0;
    target.focus();
  }

  get shownMonth(): string {
    return this.month;
  }

  get chosenDay(): string | null {
    return this.chosen;
  }
}
