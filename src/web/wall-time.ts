// The calendar runs in FullCalendar's 'UTC' zone and is fed local wall times, so a Date here
// is a wall time in the specialist's zone carried in UTC fields: DST never shifts a block.

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a wall-time Date. @example dateOf(new Date('2026-12-07T00:00Z')) → '2026-12-07' */
export function dateOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** `HH:MM` of a wall-time Date. */
export function timeOf(d: Date): string {
  return d.toISOString().slice(11, 16);
}

/** `YYYY-MM-DDTHH:MM:SS` of a wall-time Date, as the API takes local wall times. */
export function wallOf(d: Date): string {
  return d.toISOString().slice(0, 19);
}

/** A local date moved by whole days. @example addDays('2026-12-31', 1) → '2027-01-01' */
export function addDays(date: string, days: number): string {
  return dateOf(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

/** The wall time of an API datetime: its first 19 characters, the offset dropped. */
export function wallPart(datetime: string): string {
  return datetime.slice(0, 19);
}

/** Monday on or before a local date. */
export function mondayOnOrBefore(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** "Sat 12 Dec 09:00–17:00" for a block given as API datetimes (read as wall times). */
export function describeBlock(start: string, end: string): string {
  const s = new Date(`${wallPart(start)}Z`);
  const e = new Date(`${wallPart(end)}Z`);
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(s);
  const endDay = dateOf(s) === dateOf(e) ? '' : `${dateOf(e)} `;
  return `${day.replace(',', '')} ${timeOf(s)}–${endDay}${timeOf(e)}`;
}

/** The current wall time in a zone, `YYYY-MM-DDTHH:MM:SS`, for FullCalendar's "today". */
export function nowInZone(zone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

/** "UTC+01:00" for a zone at an instant, so the page can name the offset next to the zone. */
export function offsetLabel(zone: string, now = new Date()): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(now)
    .find((p) => p.type === 'timeZoneName');
  return part?.value === 'GMT' ? 'UTC' : (part?.value.replace('GMT', 'UTC') ?? '');
}
