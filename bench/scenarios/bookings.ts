import { Temporal } from 'temporal-polyfill';
import type { Insertable } from 'kysely';
import { silentLogger } from '../../src/services/logger.ts';
import type { BookingTable } from '../../src/storage/tables.ts';
import { freePort, request, spawnServer, stopServer } from '../../test/support/test-server.ts';
import type { BenchEnv } from '../support/bench-plan.ts';
import { BENCH_ZONE } from '../support/calendar-weeks.ts';
import { expectCount, timeIt, type Timing } from '../support/measure.ts';

/** Weekly blocks of every bookings specialist: Monday to Friday 09–12 and 13–17 (10 schedules). */
const BLOCKS = [
  [9, 12],
  [13, 17],
] as const;
const SLOT_MINUTES = 30;
/** Half-hour slots in the 4-week window: 20 weekdays × (6 + 8). */
const WINDOW_SLOTS = 20 * 14;
/** Booked slots in the window: 5 of every 7, in order (spread over every day). */
const BOOKINGS = 200;
const FREE_BUSY_SPECIALISTS = 50;
const ATTEMPTS = 200;

export interface ThroughputRun {
  readonly attempts: number;
  readonly successes: number;
  readonly rejections: number;
  readonly attempts_per_second: number;
}

export interface BookingsResult {
  /** `SlotService.slots` of 4 weeks (10 schedules, 200 bookings), the window never viewed. */
  readonly slots_first: Timing;
  /** The same request again: availability stored, only the rules computed. */
  readonly slots_revisit: Timing;
  /** `CalendarService.view` of the same 4 weeks, viewed before: the read slots build on. */
  readonly view_revisit: Timing;
  /** `POST /free-busy` of 50 specialists × 4 weeks, in-process (`FreeBusyService.query`). */
  readonly free_busy_50: Timing;
  /** The 50 single views of the same specialists and weeks, one after another. */
  readonly views_50: Timing;
  /** Booking over HTTP, 200 concurrent attempts split over the processes (2 on PostgreSQL). */
  readonly throughput: {
    readonly processes: number;
    /** Every attempt for the same slot of capacity 1: exactly one succeeds. */
    readonly contention: ThroughputRun;
    /** Every attempt for its own slot: all succeed. */
    readonly spread: ThroughputRun;
  };
}

/** Epoch ms of a local wall time on `day` in the bench zone. */
function at(day: Temporal.PlainDate, hour: number, minute = 0): number {
  return day.toZonedDateTime({ timeZone: BENCH_ZONE, plainTime: { hour, minute } })
    .epochMilliseconds;
}

/** The window's slot starts in order (the grid a 30-minute service offers in the blocks). */
function windowSlots(monday: Temporal.PlainDate): number[] {
  const out: number[] = [];
  for (let w = 0; w < 4; w++)
    for (let d = 0; d < 5; d++) {
      const day = monday.add({ weeks: w, days: d });
      for (const [from, to] of BLOCKS)
        for (let m = from * 60; m < to * 60; m += SLOT_MINUTES)
          out.push(at(day, Math.floor(m / 60), m % 60));
    }
  return out;
}

/** The booked starts of the window: 5 of every 7 slots in order. */
function bookedStarts(monday: Temporal.PlainDate): number[] {
  return windowSlots(monday).filter((_, i) => i % 7 < 5);
}

/** Busy blocks the booked starts make once touching bookings are merged (what free/busy shows). */
function busyBlocks(monday: Temporal.PlainDate): number {
  const starts = bookedStarts(monday);
  return starts.filter((s, i) => i === 0 || starts[i - 1] !== s - SLOT_MINUTES * 60_000).length;
}

/**
 * A specialist with 10 weekly schedules (starting on `seedMonday`), a 30-minute service, and 200
 * bookings in the window. The bookings are written straight into the table (as an import would):
 * booking them through the API would view, and so materialize, the window the first request must
 * find empty.
 */
export async function seedSpecialist(
  env: BenchEnv,
  ctx: ReturnType<BenchEnv['context']>,
  n: number,
  windowMonday: Temporal.PlainDate,
): Promise<{ id: number; serviceId: number }> {
  const { specialist } = await ctx.specialists.create({
    name: `Bookings ${n}`,
    timezone: BENCH_ZONE,
  });
  for (let d = 0; d < 5; d++) {
    const day = env.seedBase.add({ days: d }).toString();
    for (const [from, to] of BLOCKS)
      await ctx.schedules.create(specialist.id, {
        title: `Open ${from}–${to}`,
        start_datetime: `${day}T${String(from).padStart(2, '0')}:00`,
        end_datetime: `${day}T${String(to).padStart(2, '0')}:00`,
        recurrence_rule: 'FREQ=WEEKLY',
      });
  }
  const service = await ctx.catalog.create(specialist.id, {
    name: 'Consultation',
    duration_minutes: SLOT_MINUTES,
    max_days_ahead: 120,
  });
  const rows: Insertable<BookingTable>[] = bookedStarts(windowMonday).map((startMs, i) => ({
    specialist_id: specialist.id,
    service_id: service.id,
    start_at: startMs,
    end_at: startMs + SLOT_MINUTES * 60_000,
    span_start: startMs,
    span_end: startMs + SLOT_MINUTES * 60_000,
    seat: 0,
    slot_key: `${service.id}@${startMs}`,
    status: 'confirmed',
    client_name: `Client ${i}`,
    client_email: `client${i}@example.org`,
    notes: null,
    cancel_token_hash: `bench-${specialist.id}-${i}`,
    outside_availability: 0,
    created_at: env.nowMs,
    updated_at: env.nowMs,
  }));
  expectCount('bookings: seeded per specialist', rows.length, BOOKINGS);
  await env.db.storage.db.insertInto('bookings').values(rows).execute();
  return { id: specialist.id, serviceId: service.id };
}

/** 200 concurrent booking attempts over HTTP, round-robin over `bases`. */
async function attemptAll(
  bases: readonly string[],
  sp: number,
  serviceId: number,
  startOf: (i: number) => string,
): Promise<{ statuses: number[]; seconds: number }> {
  const started = performance.now();
  const responses = await Promise.all(
    Array.from({ length: ATTEMPTS }, (_, i) =>
      request(bases[i % bases.length] as string, 'POST', `/specialist/${sp}/bookings`, {
        service_id: serviceId,
        start_datetime: startOf(i),
        client: { name: `Client ${i}`, email: `c${i}@example.org` },
      }),
    ),
  );
  return {
    statuses: responses.map((r) => r.status),
    seconds: (performance.now() - started) / 1000,
  };
}

function run(statuses: readonly number[], seconds: number): ThroughputRun {
  return {
    attempts: statuses.length,
    successes: statuses.filter((s) => s === 201).length,
    rejections: statuses.filter((s) => s === 409).length,
    attempts_per_second: Math.round(statuses.length / seconds),
  };
}

/** Booking throughput on real server processes: one contended slot, then 200 spread slots. */
async function benchThroughput(env: BenchEnv): Promise<BookingsResult['throughput']> {
  const processes = env.db.dialect === 'postgres' ? 2 : 1;
  const servers = [];
  try {
    for (let p = 0; p < processes; p++)
      servers.push(await spawnServer(env.db.url, await freePort()));
    const bases = servers.map((s) => s.baseUrl);
    const base = bases[0] as string;
    // The servers run on the real clock: the days are two weeks after today's Monday.
    const today = Temporal.Now.plainDateISO(BENCH_ZONE);
    const monday = today.subtract({ days: today.dayOfWeek - 1 }).add({ weeks: 2 });
    const idOf = (r: { body: unknown }) => (r.body as { id: number }).id;
    const sp = idOf(
      await request(base, 'POST', '/specialist', { name: 'Throughput', timezone: BENCH_ZONE }),
    );
    const schedule = await request(base, 'POST', `/specialist/${sp}/schedules`, {
      title: 'Days',
      start_datetime: `${monday.toString()}T08:00`,
      end_datetime: `${monday.toString()}T18:00`,
      recurrence_rule: 'FREQ=DAILY',
    });
    expectCount('throughput: schedule created', schedule.status, 201);
    const svc = await request(base, 'POST', `/specialist/${sp}/services`, {
      name: 'Half hour',
      duration_minutes: SLOT_MINUTES,
    });
    expectCount('throughput: service created', svc.status, 201);
    const serviceId = idOf(svc);
    const local = (day: Temporal.PlainDate, slot: number) =>
      Temporal.ZonedDateTime.from({
        timeZone: BENCH_ZONE,
        year: day.year,
        month: day.month,
        day: day.day,
        hour: 8,
      })
        .add({ minutes: slot * SLOT_MINUTES })
        .toString({ timeZoneName: 'never' });

    const one = local(monday, 0);
    const contended = await attemptAll(bases, sp, serviceId, () => one);
    const contention = run(contended.statuses, contended.seconds);
    expectCount('throughput: contention successes', contention.successes, 1);
    expectCount('throughput: contention rejections', contention.rejections, ATTEMPTS - 1);

    // 20 slots a day (08–18), so 200 attempts cover days 1..10 one slot each.
    const spreadRun = await attemptAll(bases, sp, serviceId, (i) =>
      local(monday.add({ days: 1 + Math.floor(i / 20) }), i % 20),
    );
    const spread = run(spreadRun.statuses, spreadRun.seconds);
    expectCount('throughput: spread successes', spread.successes, ATTEMPTS);
    const stored = await env.db.storage.db
      .selectFrom('bookings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('specialist_id', '=', sp)
      .where('status', '=', 'confirmed')
      .executeTakeFirstOrThrow();
    expectCount('throughput: confirmed bookings stored', Number(stored.n), ATTEMPTS + 1);
    return { processes, contention, spread };
  } finally {
    for (const s of servers) await stopServer(s.child);
  }
}

/**
 * The bookings issue's benchmarks: slots of 4 weeks (10 schedules, 200 bookings) first and
 * again against a view revisit of the same window; free/busy of 50 specialists against 50 views;
 * booking throughput over HTTP with the successes counted exactly.
 */
export async function benchBookings(env: BenchEnv): Promise<BookingsResult> {
  const ctx = env.context();
  const windowMonday = env.thisMonday.add({ weeks: 1 });
  const startDate = windowMonday.toString();
  const endDate = windowMonday.add({ days: 27 }).toString();
  const firstReps = env.plan.quick ? 10 : 40;
  const warm = 2;
  const count = Math.max(FREE_BUSY_SPECIALISTS, firstReps + warm);
  const specialists: Array<{ id: number; serviceId: number }> = [];
  for (let n = 0; n < count; n++) specialists.push(await seedSpecialist(env, ctx, n, windowMonday));
  const expectedSlots = WINDOW_SLOTS - BOOKINGS;

  const slotsOf = async (s: { id: number; serviceId: number }) => {
    const r = await ctx.slots.slots(s.id, s.serviceId, { startDate, endDate }, silentLogger);
    if ('notModified' in r) throw new Error('bench: slots answered 304 without If-None-Match');
    return r;
  };
  const slotsFirst = await timeIt({ warmup: warm, reps: firstReps }, async (i) => {
    const r = await slotsOf(specialists[i] as { id: number; serviceId: number });
    expectCount('bookings: first slots created', r.created, 40);
    expectCount('bookings: first slots', r.slots.length, expectedSlots);
  });
  const main = specialists[0] as { id: number; serviceId: number };
  expectCount('bookings: revisit slots', (await slotsOf(main)).slots.length, expectedSlots);
  const slotsRevisit = await timeIt(env.plan, () => slotsOf(main));
  const view = () => ctx.calendar.view(main.id, { startDate, endDate }, silentLogger);
  const probe = await view();
  if ('notModified' in probe) throw new Error('bench: view answered 304');
  expectCount('bookings: view revisit instances', probe.instances.length, 40);
  expectCount('bookings: view revisit creates', probe.created, 0);
  const viewRevisit = await timeIt(env.plan, view);

  const ids = specialists.slice(0, FREE_BUSY_SPECIALISTS).map((s) => s.id);
  const input = {
    specialist_ids: ids,
    time_min: windowMonday.toZonedDateTime(BENCH_ZONE).toString({ timeZoneName: 'never' }),
    time_max: windowMonday
      .add({ days: 28 })
      .toZonedDateTime(BENCH_ZONE)
      .toString({ timeZoneName: 'never' }),
  };
  const freeBusy = async () => {
    const r = await ctx.freeBusy.query(input, silentLogger);
    let busy = 0;
    for (const id of ids) busy += r.specialists[String(id)]?.busy.length ?? 0;
    return busy;
  };
  expectCount(
    'free/busy: busy blocks',
    await freeBusy(),
    FREE_BUSY_SPECIALISTS * busyBlocks(windowMonday),
  );
  const views = async () => {
    let n = 0;
    for (const id of ids) {
      const v = await ctx.calendar.view(id, { startDate, endDate }, silentLogger);
      if (!('notModified' in v)) n += v.instances.length;
    }
    return n;
  };
  expectCount('free/busy: 50 views', await views(), FREE_BUSY_SPECIALISTS * 40);
  const fbPlan = { warmup: 2, reps: env.plan.quick ? 5 : 20 };
  const freeBusy50 = await timeIt(fbPlan, freeBusy);
  const views50 = await timeIt(fbPlan, views);

  return {
    slots_first: slotsFirst,
    slots_revisit: slotsRevisit,
    view_revisit: viewRevisit,
    free_busy_50: freeBusy50,
    views_50: views50,
    throughput: await benchThroughput(env),
  };
}
