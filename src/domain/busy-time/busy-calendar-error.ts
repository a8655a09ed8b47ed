/**
 * Why a busy calendar could not be read. Closed: the service maps each code to the calendar's
 * `last_status` (and keeps the last good intervals); nothing here knows about HTTP.
 * - `malformed`: not an iCalendar document, or one the parser rejects (e.g. a truncated download);
 * - `too_many_events`: more VEVENT components than `limits.maxEvents` (checked before parsing);
 * - `too_many_intervals`: expanding the events would generate more occurrences than
 *   `limits.maxIntervals` (a runaway rule, or simply too much).
 */
export type BusyCalendarErrorCode = 'malformed' | 'too_many_events' | 'too_many_intervals';

/**
 * A typed failure of `expandBusyCalendar`, with a human sentence and the offending values.
 *
 * @example
 * throw new BusyCalendarError('too_many_events', 'the calendar has more than 20000 events', { maxEvents: 20000 });
 */
export class BusyCalendarError extends Error {
  override readonly name = 'BusyCalendarError';

  constructor(
    readonly code: BusyCalendarErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}
