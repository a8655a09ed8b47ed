import { ApiError } from '../api-client.ts';
import { unavailableWords, type UnavailableDetails } from './unavailable-message.ts';
import type { Slot } from './slots-by-day.ts';

/** Whether an error is the API's 409 `slot_unavailable`. */
export function isUnavailable(err: unknown): err is ApiError & { details: UnavailableDetails } {
  return err instanceof ApiError && err.status === 409 && err.code === 'slot_unavailable';
}

/**
 * Where a booking page says what went wrong: a 409 `slot_unavailable` in words with the offered
 * next slots as buttons, or any other error's message. Focus moves here so it is read out.
 * @example box.unavailable(err, requested, zone, (slot) => take(slot));
 */
export class ProblemBox {
  constructor(private readonly el: HTMLElement) {
    el.tabIndex = -1;
    el.setAttribute('role', 'alert');
    el.hidden = true;
  }

  clear(): void {
    this.el.hidden = true;
    this.el.replaceChildren();
  }

  unavailable(
    details: UnavailableDetails,
    requested: string,
    zone: string,
    onPick: (slot: Slot) => void,
  ): void {
    const words = unavailableWords(details, requested, zone);
    const why = Object.assign(document.createElement('p'), { textContent: words.why });
    const next = document.createElement('p');
    next.className = 'next-slots';
    next.append(Object.assign(document.createElement('span'), { textContent: words.next }));
    details.next_slots.forEach((slot, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'slot';
      b.textContent = words.slots[i] ?? '';
      b.dataset.start = slot.start_datetime;
      b.addEventListener('click', () => onPick(slot as Slot));
      next.append(' ', b);
    });
    this.show(why, next);
  }

  message(text: string): void {
    this.show(Object.assign(document.createElement('p'), { textContent: text }));
  }

  private show(...nodes: Node[]): void {
    this.el.replaceChildren(...nodes);
    this.el.hidden = false;
    this.el.focus();
  }
}

/** An error as a sentence for a client. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
