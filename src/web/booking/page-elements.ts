/** The element with `id`, typed; a missing one is a bug in book.html. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

/** Shows exactly one of the page's sections. */
export function showSection(id: 'choose' | 'details' | 'done' | 'manage'): void {
  for (const s of ['choose', 'details', 'done', 'manage']) byId(s).hidden = s !== id;
}

/** Replaces a list's items with one `<li>` per line. */
export function fillList(list: HTMLElement, lines: readonly string[]): void {
  list.replaceChildren(
    ...lines.map((l) => Object.assign(document.createElement('li'), { textContent: l })),
  );
}
