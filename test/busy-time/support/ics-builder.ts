/**
 * A calendar of the given VEVENTs (each a list of content lines; BEGIN/END and, when missing, a
 * UID are added), CRLF-terminated as feeds are.
 *
 * @example ics([['DTSTART:20260302T090000Z', 'DTEND:20260302T100000Z']], { xWrTimezone: 'Europe/Berlin' })
 */
export function ics(
  events: readonly (readonly string[])[],
  options: { xWrTimezone?: string; vtimezones?: readonly string[] } = {},
): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Recurra tests//EN'];
  if (options.xWrTimezone) lines.push(`X-WR-TIMEZONE:${options.xWrTimezone}`);
  lines.push(...(options.vtimezones ?? []));
  events.forEach((event, i) => {
    const uid = event.some((l) => l.startsWith('UID:')) ? [] : [`UID:event-${i}`];
    lines.push('BEGIN:VEVENT', ...uid, ...event, 'END:VEVENT');
  });
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

/** Intervals as ISO spans to the minute (`2026-03-02T08:00Z/2026-03-02T09:00Z`), readable in a failing assertion. */
export function spans(intervals: ReadonlyArray<{ startMs: number; endMs: number }>): string[] {
  const f = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;
  return intervals.map((i) => `${f(i.startMs)}/${f(i.endMs)}`);
}
