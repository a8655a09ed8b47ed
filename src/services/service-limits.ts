/** Limits the services apply; the composition root fills them from the configuration. */
export interface ServiceLimits {
  /** Longest `calendar-instances` range, in days (RECURRA_MAX_RANGE_DAYS). */
  readonly maxRangeDays: number;
  /** Horizon of the overlap check, in days (RECURRA_CONFLICT_HORIZON_DAYS). */
  readonly conflictHorizonDays: number;
  /** Most occurrences one schedule may produce in one window. */
  readonly maxOccurrencesPerWindow: number;
  /** Occurrences are stored only within this many days of now (RECURRA_MATERIALIZE_HORIZON_DAYS). */
  readonly materializeHorizonDays: number;
  /** How long a hold keeps a slot (RECURRA_HOLD_SECONDS). */
  readonly holdSeconds: number;
  /** How long the change log keeps changes (RECURRA_CHANGES_RETENTION_DAYS). */
  readonly changesRetentionDays: number;
  /** How often each busy calendar is fetched (RECURRA_BUSY_REFRESH_MINUTES). */
  readonly busyRefreshMinutes: number;
  /** Webhooks and busy calendars may target private addresses (RECURRA_WEBHOOK_ALLOW_PRIVATE). */
  readonly allowPrivateTargets: boolean;
  /** Horizon of eager generation (`RECURRA_MATERIALIZE=eager`, `recurra generate --eager`). */
  readonly eagerHorizonDays: number;
}
