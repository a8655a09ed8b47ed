/**
 * A deterministic, Google-Calendar-like feed of `events` VEVENTs for the differential test and the
 * benchmark: single timed and all-day events, weekly, daily and monthly series with COUNT, UNTIL,
 * EXDATE, RDATE and RECURRENCE-ID overrides (moved, cancelled, marked free), transparent and
 * cancelled events, in Europe/Berlin, America/New_York and UTC, from 2024 to mid-2027.
 *
 * Kept within what the oracle reads the same way (see oracle/busy_oracle.py): local times between
 * 07:00 and 21:00 (no DST fold or gap), DTSTART on its own rule, every event with a DTEND, UNTIL
 * at 03:30Z (no instance starts within the hour before it: the oracle judges UNTIL with DTSTART's
 * offset, an hour off for instances on the other side of a DST change).
 */
export function syntheticFeed(events: number, seed = 20261125): string {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const out: string[] = [HEADER];
  for (let n = 0; n < events; n++) {
    const uid = `synthetic-${String(n).padStart(5, '0')}@example.com`;
    const kind = random();
    const zone = pick(['Europe/Berlin', 'Europe/Berlin', 'Europe/Berlin', 'America/New_York']);
    const lines = [`UID:${uid}`, 'DTSTAMP:20260220T101500Z', `SUMMARY:Synthetic ${n}`];
    const status = random();
    if (status < 0.04) lines.push('TRANSP:TRANSPARENT');
    else if (status < 0.08) lines.push('STATUS:CANCELLED');
    const startDay = (from: string, spanDays: number) => addDays(from, int(0, spanDays));
    const time = () => `${pad(int(7, 19))}${pick(['00', '15', '30', '45'])}00`;
    const minutes = pick([15, 30, 45, 60, 60, 90, 120, 180]);

    if (kind < 0.55) {
      // A single timed event, a fifth of them in UTC (as Google exports one-off events).
      const day = startDay('2025-01-01', 900);
      const start = `${compact(day)}T${time()}`;
      if (random() < 0.2) lines.push(`DTSTART:${start}Z`, `DTEND:${plus(start, minutes)}Z`);
      else
        lines.push(`DTSTART;TZID=${zone}:${start}`, `DTEND;TZID=${zone}:${plus(start, minutes)}`);
    } else if (kind < 0.65) {
      const day = startDay('2025-06-01', 700);
      lines.push(
        `DTSTART;VALUE=DATE:${compact(day)}`,
        `DTEND;VALUE=DATE:${compact(addDays(day, int(1, 3)))}`,
      );
      if (random() < 0.2) lines.push(`RRULE:FREQ=WEEKLY;COUNT=${int(2, 10)}`);
    } else if (kind < 0.9) {
      // A weekly series on 1–3 weekdays, DTSTART's among them.
      const day = startDay('2024-01-01', 1090);
      const start = `${compact(day)}T${time()}`;
      const interval = random() < 0.8 ? 1 : 2;
      const days = new Set([WEEKDAYS[weekday(day)]!]);
      for (let k = int(0, 2); k > 0; k--) days.add(pick(WEEKDAYS));
      const end = random();
      const limit =
        end < 0.4
          ? ''
          : end < 0.7
            ? `;COUNT=${int(5, 60)}`
            : `;UNTIL=${compact(addDays(day, int(7, 500)))}T033000Z`;
      lines.push(
        `DTSTART;TZID=${zone}:${start}`,
        `DTEND;TZID=${zone}:${plus(start, minutes)}`,
        `RRULE:FREQ=WEEKLY;INTERVAL=${interval};BYDAY=${[...days].join(',')}${limit}`,
      );
      const nth = (k: number) => `${compact(addDays(day, 7 * interval * k))}T${start.slice(9)}`;
      for (let k = int(0, 2); k > 0; k--) lines.push(`EXDATE;TZID=${zone}:${nth(int(1, 80))}`);
      if (random() < 0.1)
        lines.push(`RDATE;TZID=${zone}:${compact(addDays(day, int(1, 400)))}T${time()}`);
      out.push(vevent(lines));
      for (let k = int(0, 2); k > 0; k--) {
        const rid = nth(int(1, 80));
        const moved = `${compact(addDays(`${rid.slice(0, 4)}-${rid.slice(4, 6)}-${rid.slice(6, 8)}`, 1))}T${time()}`;
        const what = random();
        out.push(
          vevent([
            `UID:${uid}`,
            'DTSTAMP:20260220T101500Z',
            `RECURRENCE-ID;TZID=${zone}:${rid}`,
            `DTSTART;TZID=${zone}:${what < 0.6 ? moved : rid}`,
            `DTEND;TZID=${zone}:${plus(what < 0.6 ? moved : rid, minutes)}`,
            'SEQUENCE:1',
            ...(what >= 0.6 && what < 0.8 ? ['STATUS:CANCELLED'] : []),
            ...(what >= 0.8 ? ['TRANSP:TRANSPARENT'] : []),
          ]),
        );
      }
      continue;
    } else if (kind < 0.96) {
      const day = startDay('2025-09-01', 600);
      const start = `${compact(day)}T${time()}`;
      const workdays = weekday(day) < 5 && random() < 0.5 ? ';BYDAY=MO,TU,WE,TH,FR' : '';
      lines.push(
        `DTSTART;TZID=${zone}:${start}`,
        `DTEND;TZID=${zone}:${plus(start, 30)}`,
        `RRULE:FREQ=DAILY;COUNT=${int(3, 20)}${workdays}`,
      );
    } else {
      // Monthly: by day of month, or by the DTSTART's nth weekday.
      const day = startDay('2025-01-01', 700);
      const start = `${compact(day)}T${time()}`;
      const date = Number(day.slice(8, 10));
      const nth = Math.ceil(date / 7);
      // The 29th–31st is always the last such weekday of its month: -1.
      const by =
        date <= 28 && random() < 0.5
          ? `BYMONTHDAY=${date}`
          : `BYDAY=${nth <= 4 ? nth : -1}${WEEKDAYS[weekday(day)]}`;
      lines.push(
        `DTSTART;TZID=${zone}:${start}`,
        `DTEND;TZID=${zone}:${plus(start, minutes)}`,
        `RRULE:FREQ=MONTHLY;${by}`,
      );
    }
    out.push(vevent(lines));
  }
  out.push('END:VCALENDAR', '');
  return out.join('\r\n');
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

function vevent(lines: string[]): string {
  return ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
/** `2026-03-02` → `20260302`. */
const compact = (isoDate: string) => isoDate.replaceAll('-', '');
const addDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** ISO weekday index, Monday = 0. */
const weekday = (isoDate: string) => (new Date(`${isoDate}T00:00:00Z`).getUTCDay() + 6) % 7;
/** `20260302T0930 00` + minutes, on the same wall clock (never past 23:59: starts end by 20:00). */
function plus(basic: string, minutes: number): string {
  const total = Number(basic.slice(9, 11)) * 60 + Number(basic.slice(11, 13)) + minutes;
  return `${basic.slice(0, 9)}${pad(Math.floor(total / 60))}${pad(total % 60)}00`;
}

const HEADER = [
  'BEGIN:VCALENDAR',
  'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
  'VERSION:2.0',
  'CALSCALE:GREGORIAN',
  'METHOD:PUBLISH',
  'X-WR-CALNAME:Synthetic',
  'X-WR-TIMEZONE:Europe/Berlin',
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
  'BEGIN:VTIMEZONE',
  'TZID:America/New_York',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:-0500',
  'TZOFFSETTO:-0400',
  'TZNAME:EDT',
  'DTSTART:19700308T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:-0400',
  'TZOFFSETTO:-0500',
  'TZNAME:EST',
  'DTSTART:19701101T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');
