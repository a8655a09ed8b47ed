import type { ApiClient } from './api-client.ts';
import type { BookingProps } from './booking-event.ts';
import type { FocusTarget } from './focus-return.ts';
import { describeBlock } from './wall-time.ts';

export interface BookingDialogContext {
  readonly api: ApiClient;
  readonly specialistId: () => number;
  readonly gridZone: () => string;
  /** A write succeeded: say so and redraw. */
  readonly onChanged: (message: string, focus: FocusTarget | null) => void;
}

/**
 * A booking's details (who, what, when, notes) and its cancellation, which asks for a second
 * click. Moving it is done by dragging it on the grid, inside the availability.
 */
export class BookingDialog {
  private shown: BookingProps | null = null;
  private readonly cancel: HTMLButtonElement;
  private readonly error: HTMLElement;

  constructor(
    private readonly dialog: HTMLDialogElement,
    private readonly ctx: BookingDialogContext,
  ) {
    this.cancel = dialog.querySelector<HTMLButtonElement>('[data-cancel-booking]')!;
    this.error = dialog.querySelector<HTMLElement>('.form-error')!;
    this.cancel.addEventListener('click', () => void this.cancelClicked());
  }

  open(props: BookingProps): void {
    const b = props.booking;
    this.shown = props;
    const d = this.dialog;
    d.querySelector('h2')!.textContent = b.client.name;
    d.querySelector('[data-what]')!.textContent = props.serviceName;
    d.querySelector('[data-when]')!.textContent =
      `${describeBlock(b.start_datetime, b.end_datetime, this.ctx.gridZone())} (${this.ctx.gridZone()})`;
    const email = d.querySelector<HTMLAnchorElement>('[data-email]')!;
    email.textContent = b.client.email;
    email.href = `mailto:${b.client.email}`;
    d.querySelector('[data-notes]')!.textContent = b.notes ?? 'No notes.';
    d.querySelector<HTMLElement>('[data-outside]')!.hidden = !b.outside_availability;
    this.cancel.textContent = 'Cancel booking';
    delete this.cancel.dataset.armed;
    this.error.hidden = true;
    d.showModal();
  }

  private async cancelClicked(): Promise<void> {
    const props = this.shown;
    if (!props) return;
    if (this.cancel.dataset.armed !== 'true') {
      this.cancel.dataset.armed = 'true';
      this.cancel.textContent = 'Click again to cancel the booking';
      return;
    }
    try {
      await this.ctx.api.cancelBooking(this.ctx.specialistId(), props.booking.id);
      this.dialog.close();
      this.ctx.onChanged(`Booking of ${props.booking.client.name} cancelled.`, null);
    } catch (err) {
      this.error.textContent = `Not cancelled: ${err instanceof Error ? err.message : String(err)}`;
      this.error.hidden = false;
    }
  }
}
