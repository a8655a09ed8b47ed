/**
 * Measures the iCalendar candidates for external busy calendars: ical.js 2 (a dependency already),
 * node-ical (not one: loaded only if present, see node-ical-candidate.ts) and the chosen
 * implementation (src/domain/busy-time: ical.js parses, rrule-temporal expands, zones resolved per
 * calendar). Correctness is checked per event (UID) against an independent oracle, Debian's
 * python3-icalendar + python3-recurring-ical-events (test/busy-time/oracle); speed is the median
 * of N parse+expand runs over the contract's window, `[now − 1 day, now + 400 days)`.
 *
 * Run: `npx tsx bench/busy-calendar-candidates/measure.ts [--quick]`, with node-ical:
 * `NODE_ICAL_PATH=/work/scratch-busy/node_modules/node-ical npx tsx bench/…/measure.ts`.
 * Prints a table and writes results.json here. `--quick`: a 300-event synthetic feed, fewer runs,
 * nothing written.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expandBusyOccurrences } from '../../src/domain/busy-time/busy-occurrences.ts';
import { runOracle, type OracleOccurrence } from '../../test/busy-time/support/oracle.ts';
import { syntheticFeed } from '../../test/busy-time/support/synthetic-feed.ts';
import { WINDOW } from '../../test/busy-time/support/busy-window.ts';
import type { Candidate, CandidateOccurrence } from './candidate.ts';
import { icalJsCandidate } from './ical-js-candidate.ts';
import { loadNodeIcal } from './node-ical-candidate.ts';

const here = import.meta.dirname;
const fixtures = resolve(here, '../../test/busy-time/fixtures');
const quick = process.argv.includes('--quick');
const SYNTHETIC_EVENTS = quick ? 300 : 2000;

/** The limits the service is expected to pass; the 2,000-event feed generates about 25,000. */
const LIMITS = { maxIntervals: 100_000, maxEvents: 20_000 };
const chosen: Candidate = {
  name: 'chosen: ical.js parse + rrule-temporal (src/domain/busy-time)',
  expand: (ics, fromMs, toMs) => expandBusyOccurrences(ics, { fromMs, toMs }, LIMITS).occurrences,
};
const nodeIcal = loadNodeIcal();
const candidates: Candidate[] = [
  chosen,
  icalJsCandidate,
  ...(nodeIcal ? [nodeIcal.candidate] : []),
];

// ---- runaway inputs, each run in a child process with a time limit ----
const RUNAWAY: Record<string, () => string> = {
  'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30 (never matches)': () =>
    calendar([
      'DTSTART:20260105T090000Z',
      'DTEND:20260105T100000Z',
      'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30',
    ]),
  'FREQ=SECONDLY, open (34 million in the window)': () =>
    calendar(['DTSTART:20260301T090000Z', 'DTEND:20260301T090001Z', 'RRULE:FREQ=SECONDLY']),
  '200,000 one-off events (20 MB)': () =>
    `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${Array.from(
      { length: 200_000 },
      (_, i) =>
        `BEGIN:VEVENT\r\nUID:e${i}\r\nDTSTART:20260305T090000Z\r\nDTEND:20260305T100000Z\r\nEND:VEVENT\r\n`,
    ).join('')}END:VCALENDAR\r\n`,
};
function calendar(lines: string[]): string {
  const body = ['UID:runaway', ...lines].join('\r\n');
  return `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n${body}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
}

if (process.argv[2] === '--child') {
  const candidate = candidates.find((c) => c.name === process.argv[3])!;
  const ics = RUNAWAY[process.argv[4]!]!();
  const t0 = performance.now();
  try {
    const n = candidate.expand(ics, WINDOW.fromMs, WINDOW.toMs).length;
    console.log(`returned ${n} occurrences in ${(performance.now() - t0).toFixed(0)} ms`);
  } catch (err) {
    const e = err as Error & { code?: string };
    console.log(
      `${e.name}${e.code ? ` ${e.code}` : ''} in ${(performance.now() - t0).toFixed(0)} ms: ${e.message.slice(0, 80)}`,
    );
  }
  process.exit(0);
}

// ---- correctness ----
interface Feed {
  name: string;
  ics: string;
  oracle: OracleOccurrence[];
}
const feeds: Feed[] = [];
for (const file of [
  'google-berlin-export.ics',
  'outlook-windows-zones.ics',
  'nextcloud-sydney.ics',
]) {
  const ics = readFileSync(resolve(fixtures, file), 'utf8');
  feeds.push({ name: file, ics, oracle: runOracle(ics, WINDOW).occurrences });
}
{
  const ics = syntheticFeed(SYNTHETIC_EVENTS);
  const t0 = performance.now();
  const oracle = runOracle(ics, WINDOW).occurrences;
  console.log(
    `oracle on ${SYNTHETIC_EVENTS} synthetic events: ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  feeds.push({ name: `synthetic-${SYNTHETIC_EVENTS}`, ics, oracle });
}

const byUid = (list: readonly CandidateOccurrence[]) => {
  const map = new Map<string, string[]>();
  for (const o of list) {
    const spans = map.get(o.uid) ?? [];
    spans.push(`${new Date(o.startMs).toISOString()}/${new Date(o.endMs).toISOString()}`);
    map.set(o.uid, spans);
  }
  for (const spans of map.values()) spans.sort();
  return map;
};
const uidsOf = (ics: string) => new Set([...ics.matchAll(/^UID:(.+?)\r?$/gm)].map((m) => m[1]!));

interface Correctness {
  passed: number;
  cases: number;
  failures: string[];
  error?: string;
}
const correctness: Record<string, Record<string, Correctness>> = {};
for (const candidate of candidates) {
  correctness[candidate.name] = {};
  for (const feed of feeds) {
    const expected = byUid(feed.oracle);
    const uids = uidsOf(feed.ics);
    const result: Correctness = { passed: 0, cases: uids.size, failures: [] };
    try {
      const got = byUid(candidate.expand(feed.ics, WINDOW.fromMs, WINDOW.toMs));
      for (const uid of uids) {
        const want = expected.get(uid) ?? [];
        const have = got.get(uid) ?? [];
        if (want.join() === have.join()) result.passed++;
        else {
          const missing = want.filter((s) => !have.includes(s)).length;
          const extra = have.filter((s) => !want.includes(s)).length;
          result.failures.push(`${uid}: ${missing} missing, ${extra} extra`);
        }
      }
    } catch (err) {
      result.error = String(err).slice(0, 160);
    }
    correctness[candidate.name]![feed.name] = result;
  }
}
// The benchmark's own check: the chosen implementation must agree with the oracle before timing.
for (const [feed, r] of Object.entries(correctness[chosen.name]!)) {
  if (r.passed !== r.cases)
    throw new Error(
      `chosen implementation disagrees with the oracle on ${feed}: ${r.failures.join('; ')}`,
    );
}

// ---- speed ----
const RUNS = quick ? 9 : 41;
const SYNTHETIC_RUNS = quick ? 5 : 15;
const speed: Record<
  string,
  Record<string, { medianMs: number; p90Ms: number; runs: number } | string>
> = {};
for (const candidate of candidates) {
  speed[candidate.name] = {};
  for (const feed of feeds) {
    const runs = feed.name.startsWith('synthetic') ? SYNTHETIC_RUNS : RUNS;
    try {
      for (let i = 0; i < 3; i++) candidate.expand(feed.ics, WINDOW.fromMs, WINDOW.toMs);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        candidate.expand(feed.ics, WINDOW.fromMs, WINDOW.toMs);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      speed[candidate.name]![feed.name] = {
        medianMs: round(times[Math.floor(runs / 2)]!),
        p90Ms: round(times[Math.floor(runs * 0.9)]!),
        runs,
      };
    } catch (err) {
      speed[candidate.name]![feed.name] = `error: ${String(err).slice(0, 80)}`;
    }
  }
}

// ---- runaway inputs ----
const runaway: Record<string, Record<string, string>> = {};
for (const candidate of candidates) {
  runaway[candidate.name] = {};
  for (const name of Object.keys(RUNAWAY)) {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', resolve(here, 'measure.ts'), '--child', candidate.name, name],
      { encoding: 'utf8', timeout: 10_000, env: process.env, maxBuffer: 1 << 24 },
    );
    runaway[candidate.name]![name] =
      child.error || child.signal
        ? 'did not finish in 10 s (killed)'
        : child.stdout.trim() || `exit ${child.status}: ${child.stderr.trim().split('\n').at(-1)}`;
  }
}

// ---- report ----
function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
console.log(
  `\nnode ${process.version}; node-ical ${nodeIcal ? nodeIcal.version : 'not installed (set NODE_ICAL_PATH)'}`,
);
console.log(
  `window ${new Date(WINDOW.fromMs).toISOString()} … ${new Date(WINDOW.toMs).toISOString()}\n`,
);
for (const candidate of candidates) {
  console.log(`== ${candidate.name}`);
  for (const feed of feeds) {
    const c = correctness[candidate.name]![feed.name]!;
    const s = speed[candidate.name]![feed.name]!;
    const base = speed[chosen.name]![feed.name]!;
    const ratio =
      typeof s !== 'string' && typeof base !== 'string'
        ? ` (${(s.medianMs / base.medianMs).toFixed(1)}× chosen)`
        : '';
    const timing =
      typeof s === 'string'
        ? s
        : `median ${s.medianMs} ms, p90 ${s.p90Ms} ms over ${s.runs} runs${ratio}`;
    console.log(
      `  ${feed.name.padEnd(28)} ${String(c.passed).padStart(4)}/${c.cases} cases   ${timing}`,
    );
    if (c.error) console.log(`      error: ${c.error}`);
    for (const f of c.failures.slice(0, 6)) console.log(`      ✗ ${f}`);
    if (c.failures.length > 6) console.log(`      … ${c.failures.length - 6} more`);
  }
  for (const [name, outcome] of Object.entries(runaway[candidate.name]!))
    console.log(`  runaway ${name}: ${outcome}`);
}
if (!quick) {
  writeFileSync(
    resolve(here, 'results.json'),
    JSON.stringify({ node: process.version, correctness, speed, runaway }, null, 2) + '\n',
  );
}
