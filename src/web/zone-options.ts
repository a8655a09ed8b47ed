/** Fills a <select> with the browser's IANA zones, `selected` chosen (added if not listed). */
export function fillZoneOptions(select: HTMLSelectElement, selected: string): void {
  if (select.options.length === 0) {
    for (const zone of Intl.supportedValuesOf('timeZone')) select.add(new Option(zone, zone));
  }
  if (![...select.options].some((o) => o.value === selected))
    select.add(new Option(selected, selected), 0);
  select.value = selected;
}
