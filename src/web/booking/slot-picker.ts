import type { BookingApi } from './booking-api.ts';
import { addMonths, monthOf, slotWindow } from './month-days.ts';
import { MonthPicker } from './month-picker.ts';
import { clockTime, longDay } from './slot-time.ts';
import { slotsByDay, type Slot } from './slots-by-day.ts';

export interface SlotPickerOptions {
  readonly api: BookingApi;
  readonly specialistId: number;
  readonly serviceId: number;
  /** The client's zone: the month's days and the slot times are told in it. */
  readonly zone: () => string;
  /** The client's today (`YYYY-MM-DD` in their zone): the first month shown, none before it. */
  readonly today: string;
  /** The last month worth showing (the service's `max_days_ahead`). */
  readonly lastMonth: string;
  readonly onPick: (slot: Slot) => void;
  readonly onError: (err: unknown) => void;
}

/**
 * The month picker and the chosen day's slots as buttons. Each month is fetched once (the
 * specialist's dates around the client's month) and the next one is fetched as soon as a month
 * is shown, so stepping forward is instant.
 * @example const p = new SlotPicker(el, {...}); await p.start();
 */
export class SlotPicker {
  private readonly months = new Map<string, Promise<Slot[]>>();
  private readonly picker: MonthPicker;
  private readonly dayTitle: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private month: string;
  private day: string | null = null;
  private byDay = new Map<string, Slot[]>();
  private drawn = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly o: SlotPickerOptions,
  ) {
    this.month = monthOf(o.today);
    root.innerHTML = `
      <div class="month"></div>
      <section class="day-slots" aria-labelledby="${root.id}-day">
        <h2 class="day-title" id="${root.id}-day"></h2>
        <p class="day-empty" hidden></p>
        <div class="slot-list" role="group" aria-labelledby="${root.id}-day"></div>
      </section>`;
    const month = root.querySelector<HTMLElement>('.month')!;
    month.id = `${root.id}-month`;
    this.picker = new MonthPicker(month, {
      onChoose: (date) => this.choose(date),
      onMonth: (step) => void this.show(addMonths(this.month, step)),
    });
    this.dayTitle = root.querySelector('.day-title')!;
    this.list = root.querySelector('.slot-list')!;
    this.empty = root.querySelector('.day-empty')!;
  }

  /** Shows the first month (today's). */
  start(): Promise<void> {
    return this.show(this.month);
  }

  /** Forgets what was fetched (a slot was taken or freed) and shows the month again. */
  reload(): Promise<void> {
    this.months.clear();
    return this.show(this.month);
  }

  /** The client's zone changed: the same slots, grouped and told in the new zone. */
  rezone(): Promise<void> {
    return this.show(this.month);
  }

  /** Focus on the chosen day (or the month's first day with slots). */
  focus(): void {
    this.picker.focusDay();
  }

  private fetchMonth(month: string): Promise<Slot[]> {
    let found = this.months.get(month);
    if (!found) {
      const w = slotWindow(month);
      found = this.o.api
        .slots(this.o.specialistId, this.o.serviceId, w.start, w.end)
        .then((r) => r.slots);
      // A failed month is asked for again next time, not remembered as failed.
      found.catch(() => this.months.delete(month));
      this.months.set(month, found);
    }
    return found;
  }

  private async show(month: string): Promise<void> {
    const first = monthOf(this.o.today);
    this.month = month < first ? first : month > this.o.lastMonth ? this.o.lastMonth : month;
    const shown = this.month;
    const draw = ++this.drawn;
    this.picker.previous.disabled = shown <= first;
    this.picker.next.disabled = shown >= this.o.lastMonth;
    this.root.dataset.state = 'loading';
    this.picker.draw(shown, null, null);
    let slots: Slot[];
    try {
      slots = await this.fetchMonth(shown);
    } catch (err) {
      if (draw === this.drawn) this.o.onError(err);
      return;
    }
    if (draw !== this.drawn) return; // another month was asked for meanwhile
    this.byDay = slotsByDay(slots, this.o.zone(), shown);
    const keep = this.day !== null && this.byDay.has(this.day) ? this.day : null;
    this.day = keep ?? [...this.byDay.keys()].sort()[0] ?? null;
    this.drawDay();
    this.root.dataset.state = 'ready';
    this.root.dataset.month = shown;
    // Prefetch: the next month's days, once this one is on screen.
    if (shown < this.o.lastMonth) this.fetchMonth(addMonths(shown, 1)).catch(() => undefined);
  }

  private choose(date: string): void {
    this.day = date;
    this.drawDay();
    this.list.querySelector('button')?.focus();
  }

  private drawDay(): void {
    const counts = new Map([...this.byDay].map(([d, s]) => [d, s.length]));
    this.picker.draw(this.month, counts, this.day);
    this.list.replaceChildren();
    const zone = this.o.zone();
    if (this.day === null) {
      this.dayTitle.textContent = 'No free times this month';
      this.empty.hidden = false;
      this.empty.textContent =
        this.month < this.o.lastMonth ? 'Try the next month.' : 'Nothing can be booked yet.';
      return;
    }
    this.empty.hidden = true;
    this.dayTitle.textContent = longDay(this.day);
    for (const slot of this.byDay.get(this.day) ?? []) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'slot';
      b.textContent = clockTime(slot.start_datetime, zone);
      b.dataset.start = slot.start_datetime;
      b.addEventListener('click', () => this.o.onPick(slot));
      this.list.append(b);
    }
  }
}
