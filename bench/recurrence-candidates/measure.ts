/**
 * Measures recurrence-library candidates on ../shared/spec/rrule-vectors.json plus hand-written
 * DST cases, and times a week view of 5 weekly Europe/Berlin rules near and far from DTSTART.
 * `npx tsx bench/recurrence-candidates/measure.ts` → table on stdout and results.json here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { parseRule } from '../../src/domain/recurrence/parse-rule.ts';
import { Series } from '../../src/domain/recurrence/series.ts';
import { formatInstant, localToEpochMs } from '../../src/domain/time/date-time.ts';

const require = createRequire(import.meta.url);
const { RRule } = require('rrule') as {
  RRule: { fromString(s: string): { between(a: Date, b: Date, inc: boolean): Date[] } };
};
interface IcalTime {
  toString(): string;
}
const ICAL = require('ical.js') as {
  Recur: { fromString(s: string): { iterator(t: IcalTime): { next(): IcalTime | null } } };
  Time: { fromDateTimeString(s: string): IcalTime };
};

interface Vector {
  name: string;
  tz: string;
  dtstart: string;
  rrule: string;
  window: [string, string];
  expected?: string[];
  expected_full?: string[];
  time?: string;
}
type Expander = (v: Vector, fromMs: number, toMs: number) => number[];

const here = resolve(import.meta.dirname);
const fileVectors = (
  JSON.parse(readFileSync(resolve(here, '../../../shared/spec/rrule-vectors.json'), 'utf8')) as {
    vectors: Vector[];
  }
).vectors;
// Hand-computed from each zone's 2026 rules (gap → forward by the gap, fold → earlier offset).
const dstVectors: Vector[] = [
  {
    name: 'Berlin 02:30 spring gap',
    tz: 'Europe/Berlin',
    dtstart: '2026-03-28T02:30:00',
    rrule: 'FREQ=DAILY;COUNT=3',
    window: ['2026-03-23', '2026-03-31'],
    expected_full: [
      '2026-03-28T02:30:00+01:00',
      '2026-03-29T03:30:00+02:00',
      '2026-03-30T02:30:00+02:00',
    ],
  },
  {
    name: 'Berlin 02:30 autumn fold',
    tz: 'Europe/Berlin',
    dtstart: '2026-10-24T02:30:00',
    rrule: 'FREQ=DAILY;COUNT=3',
    window: ['2026-10-19', '2026-10-31'],
    expected_full: [
      '2026-10-24T02:30:00+02:00',
      '2026-10-25T02:30:00+02:00',
      '2026-10-26T02:30:00+01:00',
    ],
  },
  {
    name: 'Sydney 02:30 spring gap',
    tz: 'Australia/Sydney',
    dtstart: '2026-10-03T02:30:00',
    rrule: 'FREQ=DAILY;COUNT=3',
    window: ['2026-09-28', '2026-10-06'],
    expected_full: [
      '2026-10-03T02:30:00+10:00',
      '2026-10-04T03:30:00+11:00',
      '2026-10-05T02:30:00+11:00',
    ],
  },
  {
    name: 'Sydney weekly across April change',
    tz: 'Australia/Sydney',
    dtstart: '2026-03-29T09:00:00',
    rrule: 'FREQ=WEEKLY;COUNT=3',
    window: ['2026-03-23', '2026-04-19'],
    expected_full: [
      '2026-03-29T09:00:00+11:00',
      '2026-04-05T09:00:00+10:00',
      '2026-04-12T09:00:00+10:00',
    ],
  },
  {
    name: 'Lord Howe 02:15 in the 30-min gap',
    tz: 'Australia/Lord_Howe',
    dtstart: '2026-10-03T02:15:00',
    rrule: 'FREQ=DAILY;COUNT=3',
    window: ['2026-09-28', '2026-10-06'],
    expected_full: [
      '2026-10-03T02:15:00+10:30',
      '2026-10-04T02:45:00+11:00',
      '2026-10-05T02:15:00+11:00',
    ],
  },
  {
    name: 'Kathmandu weekly',
    tz: 'Asia/Kathmandu',
    dtstart: '2026-03-23T09:00:00',
    rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=3',
    window: ['2026-03-23', '2026-04-12'],
    expected_full: [
      '2026-03-23T09:00:00+05:45',
      '2026-03-30T09:00:00+05:45',
      '2026-04-06T09:00:00+05:45',
    ],
  },
];

const compact = (local: string) => local.replace(/[-:]/g, '');
const wallToInstant = (wall: string, tz: string) => localToEpochMs(wall.slice(0, 19), tz);

const candidates: Record<string, Expander> = {
  'rrule (rrule.js, TZID)': (v, from, to) =>
    RRule.fromString(`DTSTART;TZID=${v.tz}:${compact(v.dtstart)}\nRRULE:${v.rrule}`)
      .between(new Date(from), new Date(to - 1), true)
      .map((d) => d.getTime()),
  'rrule-temporal (zoned, as documented)': (v, from, to) =>
    new RRuleTemporal({
      rruleString: `DTSTART;TZID=${v.tz}:${compact(v.dtstart)}\nRRULE:${v.rrule}`,
    })
      .between(new Date(from), new Date(to - 1), true)
      .map((z) => z.epochMilliseconds),
  'ical.js (floating wall time + Temporal zone placement)': (v, from, to) => {
    const it = ICAL.Recur.fromString(v.rrule).iterator(ICAL.Time.fromDateTimeString(v.dtstart));
    const out: number[] = [];
    for (let n = it.next(), guard = 0; n && guard < 100_000; n = it.next(), guard++) {
      const ms = wallToInstant(n.toString(), v.tz);
      if (ms >= to) break;
      if (ms >= from) out.push(ms);
    }
    return out;
  },
  'Recurra Series (rrule-temporal floating + Temporal zone placement)': (v, from, to) =>
    new Series({
      rule: parseRule(v.rrule),
      dtstart: v.dtstart,
      timeZone: v.tz,
      durationMs: 1,
      exdates: [],
    })
      .overlapping(from, to, 100_000)
      .map((o) => o.startMs),
};

function windowOf(v: Vector): [number, number] {
  const from = Temporal.PlainDate.from(v.window[0]).toZonedDateTime({
    timeZone: v.tz,
  }).epochMilliseconds;
  const to = Temporal.PlainDate.from(v.window[1])
    .add({ days: 1 })
    .toZonedDateTime({ timeZone: v.tz }).epochMilliseconds;
  return [from, to];
}

function passes(expand: Expander, v: Vector): boolean {
  const [from, to] = windowOf(v);
  let got: string[];
  try {
    got = expand(v, from, to).map((ms) => formatInstant(ms, v.tz));
  } catch {
    return false;
  }
  if (v.expected_full) return JSON.stringify(got) === JSON.stringify(v.expected_full);
  return (
    JSON.stringify(got.map((g) => g.slice(0, 19))) ===
    JSON.stringify((v.expected ?? []).map((d) => `${d}T${v.time}`))
  );
}

function median(fn: () => unknown, runs = 200): number {
  for (let i = 0; i < 20; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? NaN;
}

const weekly = ['MO', 'TU', 'WE', 'TH', 'FR'].map((d, i): Vector => ({
  name: d,
  tz: 'Europe/Berlin',
  dtstart: `2026-01-0${5 + i}T09:00:00`,
  rrule: `FREQ=WEEKLY;BYDAY=${d}`,
  window: ['2026-01-05', '2026-01-11'],
}));
const weekOf = (year: number) =>
  windowOf({ ...weekly[0]!, window: [`${year}-01-05`, `${year}-01-11`] });
const results: Record<string, unknown> = {};
console.log(
  'candidate | shared vectors | DST cases | 5 weekly rules, one week: this year / +1 y / +20 y (median ms)',
);
for (const [name, expand] of Object.entries(candidates)) {
  const shared = fileVectors.filter((v) => passes(expand, v)).length;
  const dst = dstVectors.filter((v) => passes(expand, v)).length;
  const failed = [...fileVectors, ...dstVectors]
    .filter((v) => !passes(expand, v))
    .map((v) => v.name);
  const times = [2026, 2027, 2046].map((y) => {
    const [from, to] = weekOf(y);
    return median(
      () => weekly.map((v) => expand(v, from, to)),
      y === 2046 && name.startsWith('ical') ? 10 : 200,
    );
  });
  results[name] = {
    shared: `${shared}/${fileVectors.length}`,
    dst: `${dst}/${dstVectors.length}`,
    failed,
    ms: times,
  };
  console.log(
    `${name} | ${shared}/${fileVectors.length} | ${dst}/${dstVectors.length} | ${times.map((t) => t.toFixed(3)).join(' / ')}${failed.length ? `  (failed: ${failed.join('; ')})` : ''}`,
  );
}
writeFileSync(
  resolve(here, 'results.json'),
  `${JSON.stringify({ node: process.version, results }, null, 2)}\n`,
);
