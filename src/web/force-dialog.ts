import type { StrandedBooking } from './api-client.ts';
import { strandedWords } from './stranded-bookings.ts';

/**
 * Asks whether to go ahead with an availability edit that would strand bookings (409
 * `has_bookings`), naming them; resolves true for "Do it anyway".
 * @example if (await askToForce(dialog, bookings, names, 'Europe/Berlin')) resend('?force=true');
 */
export function askToForce(
  dialog: HTMLDialogElement,
  bookings: readonly StrandedBooking[],
  serviceNames: ReadonlyMap<number, string>,
  zone: string,
): Promise<boolean> {
  const words = strandedWords(bookings, serviceNames, zone);
  dialog.querySelector('[data-summary]')!.textContent = words.summary;
  dialog
    .querySelector('[data-bookings]')!
    .replaceChildren(
      ...words.lines.map((l) => Object.assign(document.createElement('li'), { textContent: l })),
    );
  dialog.querySelector('[data-after]')!.textContent = words.after;
  const anyway = dialog.querySelector<HTMLButtonElement>('[data-force]')!;
  return new Promise((resolve) => {
    let answer = false;
    const onForce = () => {
      answer = true;
      dialog.close();
    };
    anyway.addEventListener('click', onForce, { once: true });
    dialog.addEventListener(
      'close',
      () => {
        anyway.removeEventListener('click', onForce);
        resolve(answer);
      },
      { once: true },
    );
    dialog.showModal();
  });
}
