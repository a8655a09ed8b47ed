/**
 * Measures RFC 5545 recurrence-library candidates on test/recurrence/vectors/rrule-vectors.json (a copy of the shared vectors) plus extra
 * DST vectors, and times a one-week view of 5 weekly Europe/Berlin rules near and far from DTSTART.
 * Run: `cd /work/main && npx tsx bench/recurrence-candidates/measure.ts` → stdout + results.json here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ICAL from 'ical.js';
import rrulePkg from 'rrule';
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { parseRule } from '../../src/domain/recurrence/parse-rule.ts';
import { Recurrence } from '../../src/domain/recurrence/recurrence.ts';

const { RRule } = rrulePkg;
interface Vector {
  name: string;
  tz: string;
  dtstart: string; // local wall time
  rrule: string;
  window: [string, string]; // inclusive local dates
  expected?: string[]; // local dates, each at `time`
  time?: string;
  expected_full?: string[]; // RFC 3339 with offsets
}
/** Occurrence starts (epoch ms) in [fromMs, toMs). */
type Expander = (v: Vector, fromMs: number, toMs: number) => number[];

const repoRoot = resolve(import.meta.dirname, '../..');
const specPath = resolve(repoRoot, 'test/recurrence/vectors/rrule-vectors.json');
const fileVectors = (JSON.parse(readFileSync(specPath, 'utf8')) as { vectors: Vector[] }).vectors;

// Extra DST vectors. Expected values reasoned from the 2026 tz rules (gap → forward by the gap
// length, fold → earlier offset), checked with Temporal `compatible`, and re-validated on load
// (offset: 'reject' throws if an offset is not the zone's real offset at that wall time).
// Format: `name | tz | dtstart | rrule | fromDate..toDate` then indented expected_full values.
const EXTRA = `
Berlin weekly SA,SU 09:00 across autumn change | Europe/Berlin | 2026-10-17T09:00:00 | FREQ=WEEKLY;BYDAY=SA,SU;COUNT=6 | 2026-10-12..2026-11-08
  2026-10-17T09:00:00+02:00 2026-10-18T09:00:00+02:00 2026-10-24T09:00:00+02:00
  2026-10-25T09:00:00+01:00 2026-10-31T09:00:00+01:00 2026-11-01T09:00:00+01:00
Berlin weekly 02:30 Sundays through the fold | Europe/Berlin | 2026-10-18T02:30:00 | FREQ=WEEKLY;COUNT=3 | 2026-10-12..2026-11-08
  2026-10-18T02:30:00+02:00 2026-10-25T02:30:00+02:00 2026-11-01T02:30:00+01:00
Sydney weekly SU 09:00 across April change | Australia/Sydney | 2026-03-29T09:00:00 | FREQ=WEEKLY;BYDAY=SU | 2026-03-23..2026-04-12
  2026-03-29T09:00:00+11:00 2026-04-05T09:00:00+10:00 2026-04-12T09:00:00+10:00
Sydney weekly SU 09:00 across October change (6 months out) | Australia/Sydney | 2026-03-29T09:00:00 | FREQ=WEEKLY;BYDAY=SU | 2026-09-21..2026-10-11
  2026-09-27T09:00:00+10:00 2026-10-04T09:00:00+11:00 2026-10-11T09:00:00+11:00
Sydney daily 02:30 through the October gap | Australia/Sydney | 2026-10-03T02:30:00 | FREQ=DAILY;COUNT=3 | 2026-09-28..2026-10-06
  2026-10-03T02:30:00+10:00 2026-10-04T03:30:00+11:00 2026-10-05T02:30:00+11:00
Lord Howe daily 02:15 through the 30-min gap | Australia/Lord_Howe | 2026-10-03T02:15:00 | FREQ=DAILY;COUNT=3 | 2026-09-28..2026-10-06
  2026-10-03T02:15:00+10:30 2026-10-04T02:45:00+11:00 2026-10-05T02:15:00+11:00
Lord Howe daily 01:45 through the 30-min fold | Australia/Lord_Howe | 2026-04-04T01:45:00 | FREQ=DAILY;COUNT=3 | 2026-03-30..2026-04-12
  2026-04-04T01:45:00+11:00 2026-04-05T01:45:00+11:00 2026-04-06T01:45:00+10:30
Kathmandu weekly MO,TH (+05:45) | Asia/Kathmandu | 2026-03-23T09:00:00 | FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4 | 2026-03-16..2026-04-30
  2026-03-23T09:00:00+05:45 2026-03-26T09:00:00+05:45 2026-03-30T09:00:00+05:45 2026-04-02T09:00:00+05:45
`;
const extraVectors: Vector[] = [];
for (const line of EXTRA.split('\n').filter((l) => l.trim())) {
  if (line.startsWith(' ')) {
    extraVectors.at(-1)?.expected_full?.push(...line.trim().split(/\s+/));
    continue;
  }
  const [name = '', tz = '', dtstart = '', rrule = '', range = ''] = line.split(' | ');
  const [from = '', to = ''] = range.split('..');
  extraVectors.push({ name, tz, dtstart, rrule, window: [from, to], expected_full: [] });
}
for (const v of extraVectors)
  for (const e of v.expected_full ?? [])
    Temporal.ZonedDateTime.from(`${e}[${v.tz}]`, { offset: 'reject' });

// ---- time helpers (Temporal) ----
const compact = (wall: string) => wall.replace(/[-:]/g, '').slice(0, 15); // 2026-01-05T09:00:00 → 20260105T090000
const wallToMs = (wall: Temporal.PlainDateTime | string, tz: string) =>
  Temporal.PlainDateTime.from(wall).toZonedDateTime(tz, { disambiguation: 'compatible' })
    .epochMilliseconds;
const msToWall = (ms: number, tz: string) =>
  Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz).toPlainDateTime();
const fmt = (ms: number, tz: string) =>
  Temporal.Instant.fromEpochMilliseconds(ms)
    .toZonedDateTimeISO(tz)
    .toString({ timeZoneName: 'never' });
const floatingMs = (wall: Temporal.PlainDateTime) => wall.toZonedDateTime('UTC').epochMilliseconds; // wall time encoded as UTC
const fromFloating = (ms: number) =>
  Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO('UTC').toPlainDateTime();
/** Floating expansion compares UNTIL with wall times, so rewrite UNTIL=…Z to the zone's wall time. */
const untilToWall = (rrule: string, tz: string) =>
  rrule.replace(/UNTIL=(\d{8}T\d{6})Z/, (_, u: string) => {
    const iso = `${u.slice(0, 4)}-${u.slice(4, 6)}-${u.slice(6, 8)}T${u.slice(9, 11)}:${u.slice(11, 13)}:${u.slice(13)}Z`;
    return `UNTIL=${compact(msToWall(Date.parse(iso), tz).toString())}Z`;
  });
/** Wall-clock bounds (as-UTC ms) that surely contain [fromMs, toMs) in `tz`, padded by a day. */
const floatingBounds = (fromMs: number, toMs: number, tz: string): [number, number] => [
  floatingMs(msToWall(fromMs, tz).subtract({ days: 1 })),
  floatingMs(msToWall(toMs, tz).add({ days: 1 })),
];
const inWindow = (fromMs: number, toMs: number) => (ms: number) => ms >= fromMs && ms < toMs;

// rrule.js TZID mode returns Dates whose UTC fields are the *host* zone's wall time (README).
const hostTz = Intl.DateTimeFormat().resolvedOptions().timeZone;
const toHostRepr = (ms: number) => new Date(floatingMs(msToWall(ms, hostTz)));
const fromHostRepr = (d: Date) => wallToMs(fromFloating(d.getTime()), hostTz);

// ical.js needs a VTIMEZONE; none ships here, so build one per zone from Intl data via Temporal:
// one STANDARD/DAYLIGHT observance (DTSTART + TZOFFSETFROM/TO, no RRULE) per transition 1970–2070.
const icalOffset = (z: Temporal.ZonedDateTime) => z.offset.slice(0, 6).replace(':', '');
function vtimezone(tz: string): string {
  let z = Temporal.ZonedDateTime.from({ year: 1970, month: 1, day: 1, timeZone: tz });
  const out = [
    'BEGIN:VTIMEZONE',
    `TZID:${tz}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    `TZOFFSETFROM:${icalOffset(z)}`,
    `TZOFFSETTO:${icalOffset(z)}`,
    'END:STANDARD',
  ];
  for (
    let next = z.getTimeZoneTransition('next');
    next && next.year < 2070;
    next = z.getTimeZoneTransition('next')
  ) {
    const before = next.subtract({ nanoseconds: 1 });
    const kind = next.offsetNanoseconds > before.offsetNanoseconds ? 'DAYLIGHT' : 'STANDARD';
    const onset = next.toInstant().toZonedDateTimeISO(before.offset).toPlainDateTime().toString();
    out.push(
      `BEGIN:${kind}`,
      `DTSTART:${compact(onset)}`,
      `TZOFFSETFROM:${icalOffset(before)}`,
      `TZOFFSETTO:${icalOffset(next)}`,
      `END:${kind}`,
    );
    z = next;
  }
  return [...out, 'END:VTIMEZONE'].join('\r\n');
}
const icalComponent = (text: string) => new ICAL.Component(ICAL.parse(text) as unknown[]);
function ensureIcalZone(tz: string): void {
  if (!ICAL.TimezoneService.has(tz)) ICAL.TimezoneService.register(icalComponent(vtimezone(tz)));
}

const candidates: Record<string, Expander> = {
  'rrule.js TZID': (v, from, to) =>
    RRule.fromString(`DTSTART;TZID=${v.tz}:${compact(v.dtstart)}\nRRULE:${v.rrule}`)
      .between(toHostRepr(from), toHostRepr(to - 1), true)
      .map(fromHostRepr),
  'rrule.js floating UTC + our zone conversion': (v, from, to) => {
    const [a, b] = floatingBounds(from, to, v.tz);
    return RRule.fromString(`DTSTART:${compact(v.dtstart)}\nRRULE:${untilToWall(v.rrule, v.tz)}`)
      .between(new Date(a), new Date(b), true)
      .map((d) => wallToMs(fromFloating(d.getTime()), v.tz))
      .filter(inWindow(from, to));
  },
  'rrule-temporal TZID': (v, from, to) =>
    new RRuleTemporal({
      rruleString: `DTSTART;TZID=${v.tz}:${compact(v.dtstart)}\nRRULE:${v.rrule}`,
    })
      .between(new Date(from), new Date(to - 1), true)
      .map((z) => z.epochMilliseconds),
  'rrule-temporal floating UTC + Temporal "compatible"': (v, from, to) => {
    const [a, b] = floatingBounds(from, to, v.tz);
    return new RRuleTemporal({
      rruleString: `DTSTART;TZID=UTC:${compact(v.dtstart)}\nRRULE:${untilToWall(v.rrule, v.tz)}`,
    })
      .between(new Date(a), new Date(b), true)
      .map((z) => wallToMs(z.toPlainDateTime().toString(), v.tz))
      .filter(inWindow(from, to));
  },
  // The wrapper Recurra ships (src/domain/recurrence/recurrence.ts): the floating approach above, plus
  // our own rule parser and the offset cache; built per call, like every other row.
  'Recurra Recurrence (the chosen wrapper)': (v, from, to) =>
    new Recurrence({
      rule: parseRule(v.rrule),
      dtstart: v.dtstart,
      timeZone: v.tz,
      durationMs: 1,
    })
      .overlapping(from, to, 100_000)
      .map((o) => o.startMs),
  'ical.js RecurExpansion + VTIMEZONE from Intl': (v, from, to) => {
    ensureIcalZone(v.tz);
    const ics = `BEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=${v.tz}:${compact(v.dtstart)}\r\nRRULE:${v.rrule}\r\nEND:VEVENT`;
    const it = new ICAL.Event(icalComponent(ics)).iterator();
    const out: number[] = [];
    for (let t = it.next(), n = 0; t && n < 1_000_000; t = it.next(), n++) {
      const ms = Math.round(t.toUnixTime() * 1000);
      if (ms >= to) break; // no seek: iterates from DTSTART, as the RecurExpansion docs intend
      if (ms >= from) out.push(ms);
    }
    return out;
  },
};

// ---- correctness ----
function windowMs(tz: string, [a, b]: [string, string]): [number, number] {
  const day = (d: Temporal.PlainDate) => d.toZonedDateTime({ timeZone: tz }).epochMilliseconds; // start of day
  return [day(Temporal.PlainDate.from(a)), day(Temporal.PlainDate.from(b).add({ days: 1 }))];
}
function check(expand: Expander, v: Vector): string | null {
  const [from, to] = windowMs(v.tz, v.window);
  let got: string[];
  try {
    got = expand(v, from, to).map((ms) => fmt(ms, v.tz));
  } catch (e) {
    return `threw ${(e as Error).message.slice(0, 80)}`;
  }
  const want = v.expected_full ?? (v.expected ?? []).map((d) => `${d}T${v.time}`);
  if (!v.expected_full) got = got.map((g) => g.slice(0, 19)); // local wall time only
  if (JSON.stringify(got) === JSON.stringify(want)) return null;
  const missing = want.filter((w) => !got.includes(w));
  const extra = got.filter((g) => !want.includes(g));
  return `missing [${missing.join(', ')}] extra [${extra.join(', ')}]${!missing.length && !extra.length ? ' (order/dupes)' : ''}`;
}

// ---- timing ----
const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR'];
const benchRules: Vector[] = weekdays.map((d, i) => ({
  name: d,
  tz: 'Europe/Berlin',
  dtstart: `2026-01-0${5 + i}T09:00:00`,
  rrule: 'FREQ=WEEKLY',
  window: ['', ''],
}));
const weekAt = (years: number): [number, number] => {
  const monday = Temporal.PlainDate.from('2026-01-05').add({ years });
  const start = monday.subtract({ days: monday.dayOfWeek - 1 });
  return windowMs('Europe/Berlin', [start.toString(), start.add({ days: 6 }).toString()]);
};
const scenarios = { dtstartWeek: weekAt(0), plus1y: weekAt(1), plus20y: weekAt(20) };
const MAX_RUNS = 200;
const BUDGET_MS = 8000; // per scenario; slow candidates get fewer runs (n shown)
function medianMs(fn: () => void): { median: number; runs: number } {
  for (let i = 0; i < 10; i++) fn(); // warm-up
  const times: number[] = [];
  const deadline = performance.now() + BUDGET_MS;
  while (times.length < MAX_RUNS && (times.length < 5 || performance.now() < deadline)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)] ?? NaN, runs: times.length };
}

// ---- run ----
const allVectors = [...fileVectors, ...extraVectors];
const results: Record<string, unknown> = {};
const rows: string[][] = [];
for (const [name, expand] of Object.entries(candidates)) {
  const failures = allVectors.flatMap((v) => {
    const diff = check(expand, v);
    return diff ? [{ vector: v.name, diff }] : [];
  });
  const failed = new Set(failures.map((f) => f.vector));
  const filePass = fileVectors.filter((v) => !failed.has(v.name)).length;
  const extraPass = extraVectors.filter((v) => !failed.has(v.name)).length;
  const timing = Object.fromEntries(
    Object.entries(scenarios).map(([k, [from, to]]) => {
      const counts: number[] = [];
      const m = medianMs(
        () => void counts.push(benchRules.reduce((n, v) => n + expand(v, from, to).length, 0)),
      );
      return [k, { ...m, occurrences: counts[0] ?? 0 }];
    }),
  );
  results[name] = {
    file: `${filePass}/${fileVectors.length}`,
    extra: `${extraPass}/${extraVectors.length}`,
    failures,
    timing,
  };
  const t = Object.values(timing).map(
    (x) => `${x.median.toFixed(3)}${x.runs < MAX_RUNS ? ` (n=${x.runs})` : ''}`,
  );
  rows.push([
    name,
    `${filePass}/${fileVectors.length}`,
    `${extraPass}/${extraVectors.length}`,
    ...t,
  ]);
  if (Object.values(timing).some((x) => x.occurrences !== 5))
    console.warn(`! ${name}: timing window did not yield 5 occurrences`, timing);
  for (const f of failures.slice(0, 4)) console.log(`  ✗ ${name} | ${f.vector}: ${f.diff}`);
  if (failures.length > 4) console.log(`  … ${failures.length - 4} more failures for ${name}`);
}
const header = ['candidate', 'file', 'extra DST', 'ms: DTSTART week', '+1 y', '+20 y'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
console.log(
  `\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map(line).join('\n')}`,
);
console.log(
  `(timing: median ms to parse + expand 5 weekly Europe/Berlin rules over one week; ≤${MAX_RUNS} runs, ${BUDGET_MS / 1000}s budget; host TZ ${hostTz}, Node ${process.version})`,
);
writeFileSync(
  resolve(repoRoot, 'bench/recurrence-candidates/results.json'),
  `${JSON.stringify({ node: process.version, hostTz, vectors: { file: fileVectors.length, extra: extraVectors.length }, results }, null, 2)}\n`,
);
