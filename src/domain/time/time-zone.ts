import { Temporal } from 'temporal-polyfill';
import { invalid } from '../errors.ts';

const canonical = new Map<string, string | null>();
/** IANA names: letters first (offsets like "+01:00" are not zones: a schedule needs DST rules). */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/**
 * The canonical spelling of an IANA zone, matched case-insensitively, or null if there is no such
 * zone: `europe/berlin` → `Europe/Berlin`, `utc` → `UTC`, `asia/kolkata` → `Asia/Kolkata`. Aliases
 * keep their own name (Temporal's case normalisation, not ICU's, which would turn `Asia/Kolkata`
 * into `Asia/Calcutta`). Cached: zone lookups are the expensive part.
 *
 * @example canonicalTimeZone('america/new_york') // 'America/New_York'
 */
export function canonicalTimeZone(name: string): string | null {
  let found = canonical.get(name);
  if (found === undefined) {
    found = null;
    if (ZONE_NAME.test(name)) {
      try {
        found = Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(name).timeZoneId;
      } catch {
        found = null;
      }
    }
    if (canonical.size < 1000) canonical.set(name, found);
  }
  return found;
}

/** The canonical spelling of `name`, or a `validation_error` naming `field`. */
export function assertTimeZone(name: string, field = 'timezone'): string {
  const zone = canonicalTimeZone(name);
  if (zone === null) {
    throw invalid(`${field} must be an IANA time zone such as "Europe/Berlin"`, {
      field,
      value: name,
    });
  }
  return zone;
}

/** Whether `name` is an IANA zone (in any letter case). */
export function isTimeZone(name: string): boolean {
  return canonicalTimeZone(name) !== null;
}
