import ICAL from 'ical.js';
import { BusyCalendarError } from './busy-calendar-error.ts';

const BEGIN_VEVENT = /^BEGIN:VEVENT\r?$/gim;
const FOLD = /\r?\n[ \t]/g;
const RULE_LINE = /^(RRULE|EXRULE)((?:;[^:\r\n]*)?):([^\r\n]*)$/gim;

/**
 * Checks each RRULE/EXRULE on its own before the parser sees the text: ical.js rejects the whole
 * file for one rule it cannot read, which would take a specialist's whole calendar down for one
 * odd event. Such a rule is renamed to an X- property (ignored, the event keeps its DTSTART) with
 * a warning. Rule values are upper-cased first: RFC 5545 §3.1 makes them case-insensitive, ical.js
 * does not. The text is unfolded first so that a folded rule is checked whole.
 */
function checkRules(text: string, warn: (message: string) => void): string {
  return text
    .replace(FOLD, '')
    .replace(RULE_LINE, (_line, name: string, params: string, value: string) => {
      const rule = value.trim().toUpperCase();
      try {
        ICAL.Recur.fromString(rule);
        return `${name.toUpperCase()}${params}:${rule}`;
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        warn(`${name.toUpperCase()}:${value.slice(0, 100)} cannot be read (${reason}); ignored`);
        return `X-RECURRA-UNREADABLE-${name.toUpperCase()}${params}:${value}`;
      }
    });
}

/**
 * The VCALENDAR components of an iCalendar text (usually one; some servers concatenate several).
 * VEVENTs are counted on the raw text first, so a feed with a million events stops at
 * `too_many_events` before the parser builds anything.
 *
 * @example parseIcs('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', 20_000, warn) // [Component 'vcalendar']
 */
export function parseIcs(
  text: string,
  maxEvents: number,
  warn: (message: string) => void,
): ICAL.Component[] {
  let count = 0;
  BEGIN_VEVENT.lastIndex = 0;
  while (BEGIN_VEVENT.exec(text)) {
    if (++count > maxEvents) {
      throw new BusyCalendarError(
        'too_many_events',
        `the calendar has more than ${maxEvents} events`,
        { maxEvents },
      );
    }
  }
  let jcal: unknown;
  try {
    jcal = ICAL.parse(checkRules(text.replace(/^\uFEFF/, ''), warn));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new BusyCalendarError(
      'malformed',
      `not a readable iCalendar file: ${reason.slice(0, 200)}`,
      { reason },
    );
  }
  const roots = Array.isArray(jcal) && typeof jcal[0] === 'string' ? [jcal] : (jcal as unknown[]);
  const calendars = (Array.isArray(roots) ? roots : []).map(
    (root) => new ICAL.Component(root as unknown[]),
  );
  if (calendars.length === 0 || calendars.some((c) => c.name !== 'vcalendar')) {
    throw new BusyCalendarError('malformed', 'not an iCalendar file: no VCALENDAR', {
      found: calendars.map((c) => c.name),
    });
  }
  return calendars;
}
