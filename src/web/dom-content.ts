/** FullCalendar's content object for DOM nodes (the type it declares asks for `html` as well). */
export type DomContent = { html: string; domNodes: Node[] };

/**
 * Hook content made of DOM nodes. FullCalendar uses `html` whenever the key is present, even
 * empty, so the object must not have it, whatever its declared type says.
 * @example dayHeaderContent: () => domContent([label, mark])
 */
export function domContent(nodes: Node[]): DomContent {
  return { domNodes: nodes } as unknown as DomContent;
}
