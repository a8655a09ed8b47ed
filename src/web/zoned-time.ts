// Instants and wall times in IANA zones, with nothing but Intl: the API's datetimes carry their
// own offset (the schedule's zone), the grid shows wall times of the specialist's zone.

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/**
 * The wall time of an instant in a zone, `YYYY-MM-DDTHH:MM:SS`.
 * @example wallAt(Date.parse('2026-12-23T14:00:00Z'), 'America/New_York') → '2026-12-23T09:00:00'
 */
export function wallAt(epochMs: number, zone: string): string {
  const parts = wallFormatter(zone).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

/**
 * The wall time in `zone` of an API datetime (which carries the offset of its own zone).
 * @example wallInZone('2026-12-23T09:00:00-05:00', 'Europe/London') → '2026-12-23T14:00:00'
 */
export function wallInZone(datetime: string, zone: string): string {
  return wallAt(Date.parse(datetime), zone);
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(zone: string, epochMs: number): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return Math.round((Date.parse(`${wallAt(whole, zone)}Z`) - whole) / 60_000);
}

/**
 * The instant of a wall time in a zone, as the API reads one (RFC 5545 §3.3.5): a time in the
 * spring gap moves forward by the gap's length, an ambiguous autumn time is the first instant.
 * @example instantOfWall('2027-03-14T02:30:00', 'America/New_York') → Date.parse('2027-03-14T07:30:00Z') (03:30 EDT)
 */
export function instantOfWall(wall: string, zone: string): number {
  const asUtc = Date.parse(`${wall}Z`);
  // Zones change offset at most once within a day either side of any wall time.
  const before = offsetMinutes(zone, asUtc - 24 * HOUR_MS);
  const after = offsetMinutes(zone, asUtc + 24 * HOUR_MS);
  const fits = [before, after]
    .map((o) => asUtc - o * 60_000)
    .filter((t) => wallAt(t, zone) === wall.slice(0, 19));
  if (fits.length > 0) return Math.min(...fits);
  return asUtc - before * 60_000; // in the gap: read with the offset before it, i.e. later
}

/** `+01:00`, `-05:00`, `+05:30`: an offset as RFC 3339 writes it. */
export function isoOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A grid wall time as an instant the API cannot misread, whatever the schedule's own zone.
 * @example withOffset('2026-12-23T14:00:00', 'Europe/London') → '2026-12-23T14:00:00+00:00'
 */
export function withOffset(wall: string, zone: string): string {
  const t = instantOfWall(wall, zone);
  return `${wallAt(t, zone)}${isoOffset(offsetMinutes(zone, t))}`;
}

/** "UTC+01:00", "UTC−05:00" (with a real minus sign), "UTC+05:45". */
export function offsetLabel(minutes: number): string {
  return `UTC${isoOffset(minutes).replace('-', '\u2212')}`;
}
