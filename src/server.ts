import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { openContext, type AppContext } from './context.ts';
import { DAY_MS } from './domain/time/durations.ts';
import { buildApp } from './http/app.ts';
import { BusyRefresher } from './services/busy-refresher.ts';
import { seedDemo } from './cli/seed-demo.ts';

/** Opens the database (migrated) with the configuration's limits, mode and admin token. */
export function openServerContext(config: Config): Promise<AppContext> {
  return openContext(config.databaseUrl, {
    materialize: config.materialize,
    limits: config.limits,
    adminToken: config.adminToken,
    secretKey: config.secretKey,
  });
}

/**
 * `recurra serve` (what `npm start` runs): API and page on PORT; with `demo`, demo data first.
 * Pre-warming runs in the background after listen (readiness is not delayed); expiry once a day;
 * busy calendars are fetched by a background refresher (a round every minute).
 * SIGTERM/SIGINT: stop accepting, finish in-flight requests, close the database, exit 0. Any
 * failure to start (database, port, configuration) rejects, and the caller exits non-zero.
 */
export async function serve(
  config: Config,
  options: { demo?: boolean } = {},
): Promise<FastifyInstance> {
  const ctx = await openServerContext(config);
  const app = buildApp(ctx, {
    logger: { level: config.logLevel },
    rateLimitPerMinute: config.rateLimitPerMinute,
  });
  // In-flight handlers, so the database closes only after the last one finished (app.close()
  // resolves when sockets are closed, which can precede a handler's last query).
  let inFlight = 0;
  app.addHook('onRequest', (_req, _reply, done) => {
    inFlight++;
    done();
  });
  app.addHook('onResponse', (_req, _reply, done) => {
    inFlight--;
    done();
  });
  const drained = async () => {
    for (let waited = 0; inFlight > 0 && waited < 10_000; waited += 20)
      await new Promise((r) => setTimeout(r, 20));
  };
  const timers: NodeJS.Timeout[] = [];
  try {
    if (options.demo) {
      const seeded = await seedDemo(ctx);
      app.log.info(seeded, 'demo data ready');
    }
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await app.close().catch(() => undefined);
    await ctx.close().catch(() => undefined);
    throw err;
  }
  // This process's share of the webhook outbox.
  const dispatcher = ctx.dispatcher(app.log.child({ component: 'webhooks' }));
  dispatcher.start();
  // Busy calendars are fetched in the background only: a round now, then every minute.
  const busyRefresher = new BusyRefresher(ctx.busyCalendars, app.log);
  busyRefresher.start();
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    for (const t of timers) clearInterval(t);
    void Promise.all([app.close().then(drained), dispatcher.stop(), busyRefresher.stop()])
      .then(() => ctx.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  if (config.prewarmDays > 0) {
    // After listen: readiness never waits for the warm-up.
    setImmediate(() => {
      ctx.maintenance
        .prewarm({ days: config.prewarmDays, log: app.log })
        .then((r) => app.log.info({ ...r, days: config.prewarmDays }, 'prewarm finished'))
        .catch((err: unknown) => app.log.warn({ err }, 'prewarm failed'));
    });
  }
  // The change log's retention, daily (also when expiry is off).
  const prune = () =>
    ctx.maintenance
      .pruneChanges()
      .then((r) => app.log.info(r, 'pruned changes past retention'))
      .catch((err: unknown) => app.log.warn({ err }, 'change pruning failed'));
  const pruneTimer = setInterval(() => void prune(), DAY_MS);
  pruneTimer.unref();
  timers.push(pruneTimer);
  if (config.expireDays > 0) {
    const expire = () =>
      ctx.maintenance
        .expire({ olderThanDays: config.expireDays, dryRun: false, keepExceptions: false })
        .then((r) =>
          app.log.info({ ...r, older_than_days: config.expireDays }, 'expired old instances'),
        )
        .catch((err: unknown) => app.log.warn({ err }, 'expiry failed'));
    setImmediate(() => void expire());
    const timer = setInterval(() => void expire(), DAY_MS);
    timer.unref();
    timers.push(timer);
  }
  return app;
}
