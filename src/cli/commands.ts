import type { AppContext } from '../context.ts';
import { DAY_MS } from '../domain/time/durations.ts';
import { presentDelivery } from '../http/sync-presenters.ts';
import { silentLogger } from '../services/logger.ts';
import type { Progress, Stats } from '../services/maintenance.service.ts';

/** Where a command writes: lines for people, or JSON. Tests pass their own. */
export interface Output {
  line(text: string): void;
  progress?: (label: string) => Progress & { stop(): void };
}

/** `recurra prewarm --days 14 [--specialist ID]`. */
export async function prewarmCommand(
  ctx: AppContext,
  opts: { days: number; specialist?: number | undefined },
  out: Output,
) {
  const bar = out.progress?.('prewarm');
  const result = await ctx.maintenance.prewarm({
    days: opts.days,
    ...(opts.specialist !== undefined && { specialistId: opts.specialist }),
    ...(bar && { onProgress: bar }),
  });
  bar?.stop();
  out.line(
    `prewarmed ${opts.days} days for ${result.specialists} specialist(s): ${result.created} instance(s) created`,
  );
  return result;
}

/** `recurra cleanup --future-days 28 [--dry-run]`. */
export async function cleanupCommand(
  ctx: AppContext,
  opts: { futureDays: number; dryRun: boolean },
  out: Output,
) {
  const bar = opts.dryRun ? undefined : out.progress?.('cleanup');
  const result = await ctx.maintenance.cleanup({ ...opts, ...(bar && { onProgress: bar }) });
  bar?.stop();
  out.line(
    `${opts.dryRun ? 'would delete' : 'deleted'} ${result.instances} unused instance(s) starting more than ${opts.futureDays} days ahead, of ${result.schedules} schedule(s)`,
  );
  return result;
}

/** `recurra expire --older-than 90 [--dry-run] [--keep-exceptions]`. */
export async function expireCommand(
  ctx: AppContext,
  opts: { olderThanDays: number; dryRun: boolean; keepExceptions: boolean },
  out: Output,
) {
  const bar = opts.dryRun ? undefined : out.progress?.('expire');
  const result = await ctx.maintenance.expire({ ...opts, ...(bar && { onProgress: bar }) });
  bar?.stop();
  out.line(
    `${opts.dryRun ? 'would delete' : 'deleted'} ${result.instances} instance(s) that ended more than ${opts.olderThanDays} days ago${opts.keepExceptions ? ' (edited and cancelled ones kept)' : ''}; ${result.holds} expired hold(s), ${result.idempotencyKeys} idempotency key(s) older than a day; ${result.changes} change(s) and ${result.deliveries} finished webhook deliveries past the change retention; bookings are kept`,
  );
  return result;
}

/** `recurra stats [--json]`. */
export async function statsCommand(
  ctx: AppContext,
  opts: { json: boolean },
  out: Output,
): Promise<Stats> {
  const s = await ctx.maintenance.stats();
  if (opts.json) {
    out.line(JSON.stringify(s, null, 2));
    return s;
  }
  out.line(`schedules: ${s.schedules.active} active, ${s.schedules.inactive} inactive`);
  out.line(
    `instances: ${s.instances.total} (${s.instances.confirmed} confirmed, ${s.instances.cancelled} cancelled, ${s.instances.exceptions} edited)`,
  );
  out.line(
    `instances per schedule: ${s.instances_per_schedule.average} average, ${s.instances_per_schedule.max} max`,
  );
  out.line(`materialized: ${s.materialized_from ?? '—'} … ${s.materialized_until ?? '—'}`);
  out.line(`services: ${s.services.active} active, ${s.services.inactive} retired`);
  out.line(
    `bookings: ${s.bookings.confirmed} confirmed, ${s.bookings.cancelled} cancelled; holds: ${s.holds.live} live`,
  );
  for (const t of s.top_specialists)
    out.line(`  ${String(t.instances).padStart(8)}  #${t.id} ${t.name}`);
  return s;
}

/** `recurra generate --eager --years 2`: the old eager approach, for benchmarks and migration tests. */
export async function generateEagerCommand(ctx: AppContext, opts: { years: number }, out: Output) {
  const specialists = await ctx.specialists.list();
  const bar = out.progress?.('generate');
  let created = 0;
  let schedules = 0;
  for (const [i, sp] of specialists.entries()) {
    for (const s of await ctx.schedules.list(sp.id, false)) {
      // Through the one materialization path: never beyond the storage horizon.
      created += await ctx.materializer.ensure(
        sp.id,
        s.startsAt,
        s.startsAt + Math.round(opts.years * 365.25) * DAY_MS,
        silentLogger,
        [s.id],
      );
      schedules++;
    }
    bar?.(i + 1, specialists.length);
  }
  bar?.stop();
  out.line(
    `generated ${created} instance(s) eagerly for ${schedules} schedule(s), ${opts.years} year(s) each (stored within the ${ctx.limits.materializeHorizonDays}-day horizon)`,
  );
  return { created, schedules };
}

/** `recurra webhooks deliveries [--failed] [--limit N] [--json]`: the newest deliveries first. */
export async function webhookDeliveriesCommand(
  ctx: AppContext,
  opts: { failed: boolean; limit: number; json: boolean },
  out: Output,
) {
  const list = await ctx.webhooks.allDeliveries(opts.failed, opts.limit);
  const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());
  if (opts.json) {
    const attempts = await ctx.webhooks.attemptsOf(list.map((d) => d.id));
    out.line(
      JSON.stringify(
        list.map((d) => presentDelivery(d, attempts.get(d.id) ?? [])),
        null,
        2,
      ),
    );
    return list;
  }
  if (list.length === 0) {
    out.line(opts.failed ? 'no failed deliveries' : 'no deliveries');
    return list;
  }
  out.line('id\twebhook\tstatus\tattempts\ttype\tseq\tcreated\tlast answer');
  for (const d of list)
    out.line(
      [
        d.id,
        d.webhookId,
        d.status,
        d.attempts,
        d.type,
        d.seq,
        iso(d.createdAt),
        d.lastError ?? (d.lastStatusCode === null ? '-' : String(d.lastStatusCode)),
      ].join('\t'),
    );
  return list;
}

/**
 * `recurra busy refresh [--specialist ID]`: fetches every busy calendar now, whatever its next
 * fetch time says, one line per calendar. A failed fetch is recorded in its `last_status` (and
 * printed), so it does not fail the command; an unknown specialist does.
 *
 * @example busyRefreshCommand(ctx, { specialist: 7 }, out) // busy calendar 3 "Work" (specialist 7): ok, 12 events
 */
export async function busyRefreshCommand(
  ctx: AppContext,
  opts: { specialist?: number | undefined },
  out: Output,
) {
  const done = await ctx.busyCalendars.refreshAll(opts.specialist);
  if (done.length === 0) out.line('no busy calendars');
  for (const { calendar: c, result } of done) {
    const what =
      result === 'skipped'
        ? 'skipped: another process is fetching it'
        : `${c.lastStatus ?? result}, ${c.events} event(s)`;
    out.line(
      `busy calendar ${c.id} ${JSON.stringify(c.name)} (specialist ${c.specialistId}): ${what}`,
    );
  }
  return done;
}
