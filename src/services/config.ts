/** Limits the services apply; read from the environment by the composition root only. */
export interface ServiceLimits {
  /** Longest `calendar-instances` range, in days (RECURRA_MAX_RANGE_DAYS). */
  readonly maxRangeDays: number;
  /** Horizon of the overlap check, in days (RECURRA_CONFLICT_HORIZON_DAYS). */
  readonly conflictHorizonDays: number;
  /** Most occurrences one schedule may produce in one window. */
  readonly maxOccurrencesPerWindow: number;
  /** Occurrences are stored only within this many days of now (RECURRA_MATERIALIZE_HORIZON_DAYS). */
  readonly materializeHorizonDays: number;
  /** Horizon of eager generation (`RECURRA_MATERIALIZE=eager`, `recurra generate --eager`): 2 years. */
  readonly eagerHorizonDays: number;
}

export const DEFAULT_LIMITS: ServiceLimits = {
  maxRangeDays: 366,
  conflictHorizonDays: 365,
  maxOccurrencesPerWindow: 10_000,
  materializeHorizonDays: 730,
  eagerHorizonDays: 730,
};
