import { BusyCalendarError } from './busy-calendar-error.ts';

/**
 * How many more occurrences one calendar's expansion may generate (`limits.maxIntervals`). Every
 * DTSTART, RDATE, override and rule occurrence generated around the window costs one; a COUNT
 * rule also pays for the periods it walks from DTSTART to reach the window. The one place the
 * `too_many_intervals` limit is enforced.
 *
 * @example const budget = new ExpansionBudget(10_000); budget.take(58, 'weekly@google.com');
 */
export class ExpansionBudget {
  private used = 0;

  constructor(readonly max: number) {}

  /** What is left: also the step cap handed to one rule's expansion. */
  get left(): number {
    return Math.max(0, this.max - this.used);
  }

  /** Spends `n`, or throws `too_many_intervals` naming the event that went over. */
  take(n: number, uid: string): void {
    this.used += n;
    if (this.used > this.max) throw this.exceeded(uid);
  }

  /** The error for an expansion that would go over the limit. */
  exceeded(uid: string): BusyCalendarError {
    return new BusyCalendarError(
      'too_many_intervals',
      `expanding the calendar generates more than ${this.max} occurrences (reached in event "${uid}")`,
      { maxIntervals: this.max, uid },
    );
  }
}
