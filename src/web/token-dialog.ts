/**
 * Asks for an access token in a small modal dialog; resolves null when the person cancels
 * (Escape or Cancel).
 */
export function askForToken(dialog: HTMLDialogElement): Promise<string | null> {
  const form = dialog.querySelector('form') as HTMLFormElement;
  const input = form.elements.namedItem('token') as HTMLInputElement;
  input.value = '';
  return new Promise((resolve) => {
    let answer: string | null = null;
    const onSubmit = (e: SubmitEvent) => {
      e.preventDefault();
      answer = input.value.trim() || null;
      dialog.close();
    };
    const onClose = () => {
      form.removeEventListener('submit', onSubmit);
      resolve(answer);
    };
    form.addEventListener('submit', onSubmit);
    dialog.addEventListener('close', onClose, { once: true });
    dialog.showModal();
  });
}
