import type { AppContext } from '../http/app-context.ts';
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
    `${opts.dryRun ? 'would delete' : 'deleted'} ${result.instances} unused instance(s) starting more than ${opts.futureDays} days ahead, of ${result.templates} template(s)`,
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
    `${opts.dryRun ? 'would delete' : 'deleted'} ${result.instances} instance(s) that ended more than ${opts.olderThanDays} days ago${opts.keepExceptions ? ' (edited and cancelled ones kept)' : ''}`,
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
  out.line(`templates: ${s.templates.active} active, ${s.templates.inactive} inactive`);
  out.line(
    `instances: ${s.instances.total} (${s.instances.confirmed} confirmed, ${s.instances.cancelled} cancelled, ${s.instances.exceptions} edited)`,
  );
  out.line(
    `instances per template: ${s.instances_per_template.average} average, ${s.instances_per_template.max} max`,
  );
  out.line(`materialized: ${s.materialized_from ?? '—'} … ${s.materialized_until ?? '—'}`);
  for (const t of s.top_specialists)
    out.line(`  ${String(t.instances).padStart(8)}  #${t.id} ${t.name}`);
  return s;
}

/** `recurra generate --eager --years 2`: the old eager approach, for benchmarks and migration tests. */
export async function generateEagerCommand(ctx: AppContext, opts: { years: number }, out: Output) {
  const schedules = (await ctx.specialists.list()).map((s) => s.id);
  const bar = out.progress?.('generate');
  let created = 0;
  let templates = 0;
  for (const [i, sp] of schedules.entries()) {
    for (const row of await ctx.schedules.list(sp, false)) {
      created += await ctx.eager.materializeSchedule(row, Math.round(opts.years * 365.25));
      templates++;
    }
    bar?.(i + 1, schedules.length);
  }
  bar?.stop();
  out.line(
    `generated ${created} instance(s) eagerly for ${templates} template(s), ${opts.years} year(s) each`,
  );
  return { created, templates };
}
