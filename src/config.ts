/** Server configuration, read from the environment in one place. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly maxRangeDays: number;
  readonly conflictHorizonDays: number;
  readonly logLevel: string;
  /** RECURRA_ADMIN_TOKEN: when set, writes need a bearer token. */
  readonly adminToken: string | undefined;
  /** RECURRA_RATE_LIMIT (600): calendar requests per minute per client address; 0 disables. */
  readonly rateLimitPerMinute: number;
  /** RECURRA_MATERIALIZE_HORIZON_DAYS (730): occurrences farther from now are returned, not stored. */
  readonly materializeHorizonDays: number;
  /** RECURRA_MATERIALIZE (lazy): `eager` generates the horizon on create, like the old system. */
  readonly materialize: 'lazy' | 'eager';
  /** RECURRA_PREWARM_DAYS (14): pre-warm this many days in the background after start; 0 disables. */
  readonly prewarmDays: number;
  /** RECURRA_EXPIRE_DAYS (0): once a day, expire instances older than this; 0 keeps everything. */
  readonly expireDays: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

function materializeMode(raw: string | undefined): 'lazy' | 'eager' {
  if (raw === undefined || raw === '' || raw === 'lazy') return 'lazy';
  if (raw === 'eager') return 'eager';
  throw new Error(`RECURRA_MATERIALIZE must be lazy or eager, got "${raw}"`);
}

/**
 * Reads PORT (3000), HOST (0.0.0.0), DATABASE_URL (sqlite:./data/recurra.db),
 * RECURRA_MAX_RANGE_DAYS (366), RECURRA_CONFLICT_HORIZON_DAYS (365), LOG_LEVEL (info).
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer(env, 'PORT', 3000, 0),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || 'sqlite:./data/recurra.db',
    maxRangeDays: integer(env, 'RECURRA_MAX_RANGE_DAYS', 366, 1),
    conflictHorizonDays: integer(env, 'RECURRA_CONFLICT_HORIZON_DAYS', 365, 1),
    logLevel: env.LOG_LEVEL || 'info',
    adminToken: env.RECURRA_ADMIN_TOKEN || undefined,
    rateLimitPerMinute: integer(env, 'RECURRA_RATE_LIMIT', 600, 0),
    materializeHorizonDays: integer(env, 'RECURRA_MATERIALIZE_HORIZON_DAYS', 730, 1),
    materialize: materializeMode(env.RECURRA_MATERIALIZE),
    prewarmDays: integer(env, 'RECURRA_PREWARM_DAYS', 14, 0),
    expireDays: integer(env, 'RECURRA_EXPIRE_DAYS', 0, 0),
  };
}
