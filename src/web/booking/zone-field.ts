import { fillZoneOptions } from '../zone-options.ts';

/** The browser's own zone: where the client most likely is. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * What the note under the zone picker says: nothing when client and specialist share a zone.
 * @example zoneNote('America/New_York', 'Europe/Berlin', 'Dr. Rivera') → 'Times are shown in America/New_York. Dr. Rivera works in Europe/Berlin.'
 */
export function zoneNote(clientZone: string, specialistZone: string, name: string): string {
  return clientZone === specialistZone
    ? ''
    : `Times are shown in ${clientZone}. ${name} works in ${specialistZone}.`;
}

/** Wires a zone <select> and its note; `onChange` after the note is updated. */
export function zoneField(
  select: HTMLSelectElement,
  note: HTMLElement,
  specialist: { readonly name: string; readonly timezone: string },
  onChange: () => void,
): () => string {
  fillZoneOptions(select, browserZone());
  const update = () =>
    (note.textContent = zoneNote(select.value, specialist.timezone, specialist.name));
  update();
  select.addEventListener('change', () => {
    update();
    onChange();
  });
  return () => select.value;
}
