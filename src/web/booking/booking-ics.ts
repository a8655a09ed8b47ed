// One booking as an iCalendar file (RFC 5545) for "Add to calendar", made in the browser.

/** What the client's calendar entry says. */
export interface IcsBooking {
  readonly id: number;
  readonly start_datetime: string;
  readonly end_datetime: string;
  readonly summary: string;
  readonly description: string;
  /** The manage link. */
  readonly url: string;
  /** The page's host, for a UID unique to this server (RFC 5545 §3.8.4.7). */
  readonly host: string;
  /** When the file is made (DTSTAMP), epoch ms. */
  readonly nowMs: number;
}

/** `20261210T091500Z`: an instant in UTC, as DATE-TIME form #2 (§3.3.5). */
export function icsUtc(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT escaping (§3.3.11): backslash, semicolon, comma, newline. */
export function icsText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (§3.1), never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/**
 * A VCALENDAR with one VEVENT for the booking, times in UTC, CRLF line ends.
 * @example bookingIcs({id: 7, start_datetime: '2026-12-10T10:15:00+01:00', …}) → 'BEGIN:VCALENDAR\r\n…DTSTART:20261210T091500Z…'
 */
export function bookingIcs(b: IcsBooking): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Recurra//Booking page//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:booking-${b.id}@${b.host}`,
    `DTSTAMP:${icsUtc(b.nowMs)}`,
    `DTSTART:${icsUtc(Date.parse(b.start_datetime))}`,
    `DTEND:${icsUtc(Date.parse(b.end_datetime))}`,
    `SUMMARY:${icsText(b.summary)}`,
    `DESCRIPTION:${icsText(b.description)}`,
    `URL:${b.url}`,
    'STATUS:CONFIRMED',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
