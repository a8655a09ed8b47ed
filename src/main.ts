import { readConfig } from './config.ts';
import { openContext } from './context.ts';
import { buildApp } from './http/app.ts';

/** Composition root: config → database (migrated) → app → listen; closes cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = readConfig();
  const ctx = await openContext({
    databaseUrl: config.databaseUrl,
    limits: {
      maxRangeDays: config.maxRangeDays,
      conflictHorizonDays: config.conflictHorizonDays,
      materializeHorizonDays: config.materializeHorizonDays,
    },
  });
  const app = buildApp(ctx, {
    logger: { level: config.logLevel },
    adminToken: config.adminToken,
    rateLimitPerMinute: config.rateLimitPerMinute,
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    void app
      .close()
      .then(() => ctx.storage.close())
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
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
