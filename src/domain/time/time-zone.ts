import { invalid } from '../errors.ts';

const known = new Map<string, boolean>();

/**
 * Whether `name` is an IANA time zone this runtime knows (`Europe/Berlin`, `UTC`), cached
 * because `Intl.DateTimeFormat` construction is the expensive part.
 */
export function isTimeZone(name: string): boolean {
  let ok = known.get(name);
  if (ok === undefined) {
    try {
      // Offsets such as "+01:00" are valid for Intl but are not zones: a schedule needs DST rules.
      ok = /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name) && name.length <= 64;
      if (ok) new Intl.DateTimeFormat('en-US', { timeZone: name });
    } catch {
      ok = false;
    }
    if (known.size < 1000) known.set(name, ok);
  }
  return ok;
}

/** Returns `name` if it is a valid IANA zone, otherwise throws a `validation_error`. */
export function assertTimeZone(name: string, field = 'timezone'): string {
  if (!isTimeZone(name)) {
    throw invalid(`${field} must be an IANA time zone such as "Europe/Berlin"`, {
      field,
      value: name,
    });
  }
  return name;
}

/** All IANA zones the runtime lists, for pickers. */
export function listTimeZones(): string[] {
  return Intl.supportedValuesOf('timeZone');
}
