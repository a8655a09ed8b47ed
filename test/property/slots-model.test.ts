import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.ts';
import { createSpecialist } from '../support/fixtures.ts';
import { ManualClock, NOW, startTestServer, type TestServer } from '../support/test-server.ts';
import { addDays, dateIn, instantOf } from './reference-calendar.ts';

/**
 * Model-based: random services, availability, holds (the clock moving forward), bookings,
 * cancellations and availability edits go to the service over HTTP and to a small reference of the
 * contract's five slot rules, written naively from their words. After every step the slots of
 * every service equal the model's, free/busy (with and without a service) equals the model's, and
 * every booking attempt is accepted exactly when the model offers it. One fixed seed in CI; RECURRA_FC_SEED to explore.
 */
const ZONE = 'Europe/Berlin';
const MIN = 60_000;
const DAY = 86_400_000;
const HOLD_MS = 300_000;

interface MService {
  id: number;
  duration: number;
  step: number;
  before: number;
  after: number;
  notice: number;
  maxDays: number;
  capacity: number;
  maxPerDay: number | null;
  scheduleIds: number[] | null;
}
interface MBlock {
  scheduleId: number;
  startMs: number;
  endMs: number;
}
interface MOcc {
  kind: 'booking' | 'hold';
  id: number;
  serviceId: number;
  startMs: number;
  spanStart: number;
  spanEnd: number;
  expiresAt: number;
}

/** The five rules, read off the contract, one candidate at a time (no cleverness). */
function modelSlots(
  s: MService,
  blocks: MBlock[],
  occ: MOcc[],
  now: number,
  from: number,
  to: number,
): Array<{ start: number; remaining: number }> {
  const live = occ.filter((o) => o.kind === 'booking' || o.expiresAt > now);
  const out = new Map<number, number>();
  for (const b of blocks) {
    if (s.scheduleIds && !s.scheduleIds.includes(b.scheduleId)) continue;
    for (let t = b.startMs; t + s.duration * MIN <= b.endMs; t += s.step * MIN) {
      if (t < from || t >= to) continue; // rule 1 (and the window)
      if (t < now + s.notice * MIN || t >= now + s.maxDays * DAY) continue; // rule 2
      const same = live.filter((o) => o.serviceId === s.id && o.startMs === t);
      if (same.length >= s.capacity) continue; // rule 3
      const spanStart = t - s.before * MIN;
      const spanEnd = t + (s.duration + s.after) * MIN;
      if (live.some((o) => !same.includes(o) && o.spanStart < spanEnd && o.spanEnd > spanStart))
        continue; // rule 4
      const day = dateIn(ZONE, t);
      if (
        s.maxPerDay !== null &&
        live.filter((o) => o.serviceId === s.id && dateIn(ZONE, o.startMs) === day).length >=
          s.maxPerDay
      )
        continue; // rule 5
      out.set(t, s.capacity - same.length);
    }
  }
  return [...out]
    .map(([start, remaining]) => ({ start, remaining }))
    .sort((a, b) => a.start - b.start);
}

/**
 * Free/busy read off the same model, minute by minute (no interval arithmetic to share bugs
 * with): busy = every live booking's and hold's buffered span; free = availability not busy; with
 * a service, free = the minutes covered by its offered slots.
 */
function modelFreeBusy(
  blocks: MBlock[],
  occ: MOcc[],
  now: number,
  from: number,
  to: number,
  slots?: { starts: number[]; duration: number },
): { busy: string[]; free: string[] } {
  const minutes = (to - from) / MIN;
  const busy = new Uint8Array(minutes);
  const avail = new Uint8Array(minutes);
  const mark = (arr: Uint8Array, a: number, b: number) => {
    for (let t = Math.max(a, from); t < Math.min(b, to); t += MIN) arr[(t - from) / MIN] = 1;
  };
  for (const o of occ)
    if (o.kind === 'booking' || o.expiresAt > now) mark(busy, o.spanStart, o.spanEnd);
  if (slots) for (const t of slots.starts) mark(avail, t, t + slots.duration * MIN);
  else for (const b of blocks) mark(avail, b.startMs, b.endMs);
  const runs = (test: (i: number) => boolean) => {
    const out: string[] = [];
    for (let i = 0; i < minutes;) {
      if (!test(i)) {
        i++;
        continue;
      }
      let j = i;
      while (j < minutes && test(j)) j++;
      out.push(
        `${new Date(from + i * MIN).toISOString()}/${new Date(from + j * MIN).toISOString()}`,
      );
      i = j;
    }
    return out;
  };
  return {
    busy: runs((i) => busy[i] === 1),
    free: runs((i) => avail[i] === 1 && (slots !== undefined || busy[i] === 0)),
  };
}

type Op =
  | {
      t: 'service';
      duration: number;
      step: number;
      before: number;
      after: number;
      notice: number;
      maxDays: number;
      capacity: number;
      perDay: number | null;
      own: boolean;
    }
  | { t: 'book'; service: number; pick: number; hold: boolean }
  | { t: 'cancel'; pick: number }
  | { t: 'wait'; seconds: number }
  | { t: 'move'; hours: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('service' as const),
      duration: fc.constantFrom(15, 30, 45, 60),
      step: fc.constantFrom(10, 15, 30),
      before: fc.constantFrom(0, 5, 15),
      after: fc.constantFrom(0, 10, 30),
      notice: fc.constantFrom(0, 60, 1440),
      maxDays: fc.constantFrom(3, 7, 30),
      capacity: fc.constantFrom(1, 1, 2, 3),
      perDay: fc.constantFrom(null, null, 2),
      own: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('book' as const),
      service: fc.nat(),
      pick: fc.nat(),
      hold: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('cancel' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('wait' as const),
      seconds: fc.integer({ min: 30, max: 7200 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('move' as const), hours: fc.constantFrom(-1, 1, 2) }),
  },
);

describe.each(DIALECTS)('slots against the reference model of the five rules on %s', (dialect) => {
  let server: TestServer;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(NOW);
    server = await startTestServer(dialect, { clock });
  });
  afterAll(async () => server.close());

  it('after every step, slots equal the model and booking attempts go as it says', async () => {
    let steps = 0;
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 8, maxLength: 30 }), async (ops) => {
        clock.set(NOW);
        const sp = await createSpecialist(server, ZONE, 'Slots');
        const api = async (method: string, path: string, body?: unknown) =>
          server.request(method, path, body);
        // Two availability series: weekdays 09:00–13:00, and Tuesday/Thursday 14:00–18:00.
        const start = addDays('2026-12-07', 0);
        const series = [
          // Each starts on a day of its rule (a DTSTART off the rule would be an occurrence too).
          { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', from: '09:00', to: '13:00', day: start },
          { rule: 'FREQ=WEEKLY;BYDAY=TU,TH', from: '14:00', to: '18:00', day: addDays(start, 1) },
        ];
        const schedules: Array<{
          id: number;
          from: string;
          to: string;
          rule: string;
          day: string;
        }> = [];
        for (const s of series) {
          const res = await api('POST', `/specialist/${sp}/schedules`, {
            title: s.rule,
            start_datetime: `${s.day}T${s.from}`,
            end_datetime: `${s.day}T${s.to}`,
            recurrence_rule: s.rule,
          });
          expect(res.status).toBe(201);
          schedules.push({
            id: res.body.id as number,
            from: s.from,
            to: s.to,
            rule: s.rule,
            day: s.day,
          });
        }
        const services: MService[] = [];
        const occ: MOcc[] = [];
        const fromDay = '2026-12-02';
        const toDay = '2026-12-20';
        const blocks = (): MBlock[] => {
          const out: MBlock[] = [];
          for (let d = fromDay; d <= toDay; d = addDays(d, 1)) {
            const dow = (new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7;
            for (const s of schedules) {
              const days = s.rule.includes('MO,TU') ? [0, 1, 2, 3, 4] : [1, 3];
              if (d < start || !days.includes(dow)) continue;
              out.push({
                scheduleId: s.id,
                startMs: instantOf(ZONE, d, s.from),
                endMs: instantOf(ZONE, d, s.to),
              });
            }
          }
          return out;
        };
        const window = {
          from: instantOf(ZONE, fromDay, '00:00'),
          to: instantOf(ZONE, addDays(toDay, 1), '00:00'),
        };
        const check = async () => {
          for (const s of services) {
            const res = await api(
              'GET',
              `/specialist/${sp}/slots?service_id=${s.id}&start_date=${fromDay}&end_date=${toDay}`,
            );
            expect(res.status).toBe(200);
            const got = (
              res.body.slots as Array<{ start_datetime: string; remaining: number }>
            ).map((x) => `${new Date(Date.parse(x.start_datetime)).toISOString()} ×${x.remaining}`);
            const want = modelSlots(s, blocks(), occ, clock.now(), window.from, window.to).map(
              (x) => `${new Date(x.start).toISOString()} ×${x.remaining}`,
            );
            expect(got, `service ${JSON.stringify(s)}`).toEqual(want);
          }
          // Free/busy agrees with the same data: without a service, and with each service.
          const iso = (ms: number) => new Date(ms).toISOString();
          const spans = (list: Array<{ start: string; end: string }>) =>
            list.map((x) => `${iso(Date.parse(x.start))}/${iso(Date.parse(x.end))}`);
          for (const s of [undefined, ...services]) {
            const res = await api('POST', '/free-busy', {
              specialist_ids: [sp],
              time_min: iso(window.from).replace('.000', ''),
              time_max: iso(window.to).replace('.000', ''),
              service_id: s?.id ?? null,
            });
            expect(res.status, JSON.stringify(res.body)).toBe(200);
            const got = res.body.specialists[String(sp)];
            const want = modelFreeBusy(
              blocks(),
              occ,
              clock.now(),
              window.from,
              window.to,
              s && {
                starts: modelSlots(s, blocks(), occ, clock.now(), window.from, window.to).map(
                  (x) => x.start,
                ),
                duration: s.duration,
              },
            );
            expect(spans(got.busy), 'busy').toEqual(want.busy);
            expect(spans(got.free), `free ${s ? `for service ${s.id}` : ''}`).toEqual(want.free);
          }
        };

        for (const op of ops) {
          steps++;
          if (op.t === 'service') {
            const body = {
              name: 'S',
              duration_minutes: op.duration,
              slot_step_minutes: op.step,
              buffer_before_minutes: op.before,
              buffer_after_minutes: op.after,
              min_notice_minutes: op.notice,
              max_days_ahead: op.maxDays,
              capacity: op.capacity,
              max_per_day: op.perDay,
              schedule_ids: op.own ? [schedules[1]?.id] : null,
            };
            const res = await api('POST', `/specialist/${sp}/services`, body);
            expect(res.status).toBe(201);
            services.push({
              id: res.body.id as number,
              duration: op.duration,
              step: op.step,
              before: op.before,
              after: op.after,
              notice: op.notice,
              maxDays: op.maxDays,
              capacity: op.capacity,
              maxPerDay: op.perDay,
              scheduleIds: op.own ? [schedules[1]?.id as number] : null,
            });
          } else if (op.t === 'book') {
            const s = services[op.service % Math.max(1, services.length)];
            if (!s) continue;
            // Half the time an offered slot, half the time any start on the grid of a block.
            const offered = modelSlots(s, blocks(), occ, clock.now(), window.from, window.to);
            const grid = blocks()
              .filter((b) => !s.scheduleIds || s.scheduleIds.includes(b.scheduleId))
              .flatMap((b) =>
                Array.from(
                  { length: Math.floor((b.endMs - b.startMs) / (s.step * MIN)) },
                  (_, k) => b.startMs + k * s.step * MIN,
                ),
              )
              .filter((t) =>
                blocks().some(
                  (b) =>
                    b.startMs <= t &&
                    t + s.duration * MIN <= b.endMs &&
                    (t - b.startMs) % (s.step * MIN) === 0,
                ),
              );
            const pool = op.pick % 2 === 0 && offered.length ? offered.map((o) => o.start) : grid;
            const t = pool[Math.floor(op.pick / 2) % Math.max(1, pool.length)];
            if (t === undefined) continue;
            const expected = offered.some((o) => o.start === t);
            const startIso = new Date(t).toISOString().replace('.000', '');
            const res = op.hold
              ? await api('POST', `/specialist/${sp}/holds`, {
                  service_id: s.id,
                  start_datetime: startIso,
                })
              : await api('POST', `/specialist/${sp}/bookings`, {
                  service_id: s.id,
                  start_datetime: startIso,
                  client: { name: 'M', email: 'm@example.org' },
                });
            const key = `${op.hold ? 'hold' : 'booking'} ${expected ? 'offered' : 'refused'}`;
            outcomes[key] = (outcomes[key] ?? 0) + 1;
            expect(res.status, `${key} at ${startIso}: ${JSON.stringify(res.body)}`).toBe(
              expected ? 201 : 409,
            );
            if (expected)
              occ.push({
                kind: op.hold ? 'hold' : 'booking',
                id: res.body.id as number,
                serviceId: s.id,
                startMs: t,
                spanStart: t - s.before * MIN,
                spanEnd: t + (s.duration + s.after) * MIN,
                expiresAt: op.hold ? clock.now() + HOLD_MS : Infinity,
              });
          } else if (op.t === 'cancel') {
            const bookings = occ.filter((o) => o.kind === 'booking');
            const b = bookings[op.pick % Math.max(1, bookings.length)];
            if (!b) continue;
            expect((await api('DELETE', `/specialist/${sp}/bookings/${b.id}`)).status).toBe(204);
            occ.splice(occ.indexOf(b), 1);
          } else if (op.t === 'wait') {
            clock.advance(op.seconds * 1000);
          } else {
            // The afternoon series moves (forced: its bookings stay, marked, and still occupy).
            const s = schedules[1] as (typeof schedules)[number];
            const shift = (hhmm: string) =>
              `${String(Number(hhmm.slice(0, 2)) + op.hours).padStart(2, '0')}${hhmm.slice(2)}`;
            const hour = Number(s.from.slice(0, 2)) + op.hours;
            if (hour < 8 || hour > 17) continue;
            const res = await api(
              'PATCH',
              `/specialist/${sp}/schedules/${s.id}?allow_overlap=true&force=true`,
              {
                start_datetime: `${s.day}T${shift(s.from)}`,
                end_datetime: `${s.day}T${shift(s.to)}`,
              },
            );
            expect(res.status, JSON.stringify(res.body)).toBe(200);
            s.from = shift(s.from);
            s.to = shift(s.to);
          }
          await check();
        }
      }),
      { numRuns: 25 },
    );
    console.log(
      `slots model (${dialect}): ${steps} steps in 25 runs, attempts: ${JSON.stringify(outcomes)}`,
    );
  }, 600_000);
});
