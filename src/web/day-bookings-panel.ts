import { ApiError } from './api-client.ts';
import type { Booking } from './booking/booking-api.ts';
import { bookingTitle, type BookingProps } from './booking-event.ts';
import { addDays, dayLabel } from './wall-time.ts';
import { wallInZone } from './zoned-time.ts';

export interface DayBookingsOptions {
  readonly load: (date: string) => Promise<Booking[]>;
  readonly serviceName: (serviceId: number) => string;
  readonly zone: () => string;
  readonly onOpen: (props: BookingProps) => void;
}

/**
 * The side panel: one day's confirmed bookings in order, each a button that opens it, with the
 * previous and next day a click away.
 */
export class DayBookingsPanel {
  private day: string | null = null;
  private drawn = 0;
  private readonly title: HTMLElement;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly o: DayBookingsOptions,
  ) {
    this.title = root.querySelector('[data-day]')!;
    this.list = root.querySelector('[data-list]')!;
    this.empty = root.querySelector('[data-empty]')!;
    root.querySelector('[data-prev]')!.addEventListener('click', () => this.step(-1));
    root.querySelector('[data-next]')!.addEventListener('click', () => this.step(1));
  }

  /** Shows `date`'s bookings (again). */
  async show(date: string): Promise<void> {
    this.day = date;
    this.root.hidden = false;
    this.title.textContent = `Bookings on ${dayLabel(date)}`;
    const draw = ++this.drawn;
    this.root.dataset.state = 'loading';
    let bookings: Booking[];
    try {
      bookings = await this.o.load(date);
    } catch (err) {
      if (draw !== this.drawn) return;
      this.list.replaceChildren();
      this.empty.textContent =
        err instanceof ApiError && err.status === 401
          ? 'Bookings are shown once you have given your access token.'
          : 'The bookings could not be loaded.';
      this.empty.hidden = false;
      return;
    }
    if (draw !== this.drawn) return;
    const zone = this.o.zone();
    const mine = bookings.filter(
      (b) => b.status === 'confirmed' && wallInZone(b.start_datetime, zone).startsWith(date),
    );
    this.list.replaceChildren(
      ...mine.map((b) => {
        const li = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'booking-item';
        button.dataset.bookingId = String(b.id);
        const name = this.o.serviceName(b.service_id);
        const time = `${wallInZone(b.start_datetime, zone).slice(11, 16)}–${wallInZone(b.end_datetime, zone).slice(11, 16)}`;
        button.textContent = `${time} ${bookingTitle(b, name)}`;
        button.addEventListener('click', () => this.o.onOpen({ booking: b, serviceName: name }));
        li.append(button);
        return li;
      }),
    );
    this.empty.textContent = 'No bookings.';
    this.empty.hidden = mine.length > 0;
    this.root.dataset.state = 'ready';
  }

  /** Draws the shown day again (after a change). */
  refresh(): Promise<void> {
    return this.day ? this.show(this.day) : Promise.resolve();
  }

  private step(days: number): void {
    if (this.day) void this.show(addDays(this.day, days));
  }
}
