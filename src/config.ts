import type { ServiceLimits } from './services/service-limits.ts';

/** Server configuration, read from the environment in one place; every default lives here. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly logLevel: string;
  /** RECURRA_ADMIN_TOKEN: when set, writes need a bearer token. */
  readonly adminToken: string | undefined;
  /** RECURRA_RATE_LIMIT: public requests per minute per client address; 0 disables. */
  readonly rateLimitPerMinute: number;
  /** RECURRA_MATERIALIZE: `eager` generates the horizon on create, like the old system. */
  readonly materialize: 'lazy' | 'eager';
  /** RECURRA_PREWARM_DAYS: pre-warm this many days in the background after start; 0 disables. */
  readonly prewarmDays: number;
  /** RECURRA_EXPIRE_DAYS: once a day, expire instances older than this; 0 keeps everything. */
  readonly expireDays: number;
  /** RECURRA_SECRET_KEY: seals webhook secrets at rest (32 bytes, base64 or hex). */
  readonly secretKey: string | undefined;
  readonly limits: ServiceLimits;
}

/** The services' limits when nothing else is said (RECURRA_* variables override some). */
export const DEFAULT_LIMITS: ServiceLimits = {
  maxRangeDays: 366,
  conflictHorizonDays: 365,
  maxOccurrencesPerWindow: 10_000,
  materializeHorizonDays: 730,
  eagerHorizonDays: 730,
  holdSeconds: 300,
  changesRetentionDays: 30,
  busyRefreshMinutes: 15,
  allowPrivateTargets: false,
};

export const DEFAULTS = {
  port: 3000,
  host: '0.0.0.0',
  databaseUrl: 'sqlite:./data/recurra.db',
  logLevel: 'info',
  rateLimitPerMinute: 600,
  prewarmDays: 14,
  expireDays: 0,
} as const;

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

function materializeMode(raw: string | undefined): 'lazy' | 'eager' {
  if (raw === undefined || raw === '' || raw === 'lazy') return 'lazy';
  if (raw === 'eager') return 'eager';
  throw new Error(`RECURRA_MATERIALIZE must be lazy or eager, got "${raw}"`);
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false' || raw === 'no') return false;
  if (raw === '1' || raw === 'true' || raw === 'yes') return true;
  throw new Error(`${name} must be 1/true/yes or 0/false/no, got "${env[name]}"`);
}

function secretKey(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const bytes = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (bytes.length !== 32)
    throw new Error('RECURRA_SECRET_KEY must be 32 bytes, as 64 hex digits or base64');
  return bytes.toString('base64');
}

function logLevel(raw: string | undefined): string {
  if (raw === undefined || raw === '') return DEFAULTS.logLevel;
  if (!LOG_LEVELS.has(raw))
    throw new Error(`LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}, got "${raw}"`);
  return raw;
}

/**
 * Reads the configuration; a bad value throws with the variable's name, so a process manager
 * sees a failed start instead of a server running on a guess.
 *
 * @example readConfig({ PORT: '8080', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' })
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer(env, 'PORT', DEFAULTS.port, 0, 65535),
    host: env.HOST || DEFAULTS.host,
    databaseUrl: env.DATABASE_URL || DEFAULTS.databaseUrl,
    logLevel: logLevel(env.LOG_LEVEL),
    adminToken: env.RECURRA_ADMIN_TOKEN || undefined,
    secretKey: secretKey(env.RECURRA_SECRET_KEY),
    rateLimitPerMinute: integer(env, 'RECURRA_RATE_LIMIT', DEFAULTS.rateLimitPerMinute, 0),
    materialize: materializeMode(env.RECURRA_MATERIALIZE),
    prewarmDays: integer(env, 'RECURRA_PREWARM_DAYS', DEFAULTS.prewarmDays, 0, 730),
    expireDays: integer(env, 'RECURRA_EXPIRE_DAYS', DEFAULTS.expireDays, 0),
    limits: {
      ...DEFAULT_LIMITS,
      maxRangeDays: integer(env, 'RECURRA_MAX_RANGE_DAYS', DEFAULT_LIMITS.maxRangeDays, 1, 3660),
      conflictHorizonDays: integer(
        env,
        'RECURRA_CONFLICT_HORIZON_DAYS',
        DEFAULT_LIMITS.conflictHorizonDays,
        1,
        3660,
      ),
      materializeHorizonDays: integer(
        env,
        'RECURRA_MATERIALIZE_HORIZON_DAYS',
        DEFAULT_LIMITS.materializeHorizonDays,
        1,
        3660,
      ),
      holdSeconds: integer(env, 'RECURRA_HOLD_SECONDS', DEFAULT_LIMITS.holdSeconds, 10, 86_400),
      changesRetentionDays: integer(
        env,
        'RECURRA_CHANGES_RETENTION_DAYS',
        DEFAULT_LIMITS.changesRetentionDays,
        1,
        3660,
      ),
      busyRefreshMinutes: integer(
        env,
        'RECURRA_BUSY_REFRESH_MINUTES',
        DEFAULT_LIMITS.busyRefreshMinutes,
        1,
        10_080,
      ),
      allowPrivateTargets: flag(env, 'RECURRA_WEBHOOK_ALLOW_PRIVATE'),
    },
  };
}
