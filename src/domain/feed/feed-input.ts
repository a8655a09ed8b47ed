import type { LocalDateTime } from '../time/date-time.ts';

/** A moved or cancelled occurrence of a schedule, as the feed needs it. */
export interface FeedOverride {
  /** The instance id: names an override that no longer matches its series. */
  readonly instanceId: number;
  readonly originalStartMs: number;
  readonly startMs: number;
  readonly endMs: number;
  /** Null: the template's title shows. */
  readonly title: string | null;
  readonly cancelled: boolean;
}

/** One active schedule (recurring or one-off) and its overrides: plain values, no rows. */
export interface FeedSchedule {
  /** `recurring_event_id`; the VEVENT's UID is this plus `@recurra`. */
  readonly recurringEventId: string;
  readonly title: string;
  readonly timeZone: string;
  readonly dtstart: LocalDateTime;
  readonly durationMs: number;
  /** Canonical RRULE value; null for a one-off event. */
  readonly rule: string | null;
  readonly exdates: readonly LocalDateTime[];
  /** Bumped by every edit of the template (SEQUENCE). */
  readonly sequence: number;
  /** Last change of the template (DTSTAMP). */
  readonly stampMs: number;
  readonly overrides: readonly FeedOverride[];
}

/** Everything one specialist's feed shows. */
export interface FeedInput {
  readonly name: string;
  readonly timeZone: string;
  readonly schedules: readonly FeedSchedule[];
  /** VTIMEZONEs cover transitions until the end of this year (e.g. this year + 10). */
  readonly coverUntilYear: number;
}
