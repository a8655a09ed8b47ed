import { Command, CommanderError, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { readConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { openStorage } from '../storage/open-storage.ts';
import {
  busyRefreshCommand,
  cleanupCommand,
  expireCommand,
  generateEagerCommand,
  prewarmCommand,
  statsCommand,
  webhookDeliveriesCommand,
  type Output,
} from './commands.ts';
import { openServerContext, serve } from '../server.ts';
import { seedDemo } from './seed-demo.ts';

/** Exit codes: done, failed, usage error. */
export const EXIT = { done: 0, failed: 1, usage: 2 } as const;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

const consoleOutput: Output = {
  line: (text) => console.log(text),
  progress: process.stderr.isTTY
    ? (label) => {
        const bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {value}/{total}`, stream: process.stderr },
          cliProgress.Presets.shades_classic,
        );
        let started = false;
        const update = (done: number, total: number) => {
          if (!started) bar.start(total, 0);
          started = true;
          bar.update(done);
        };
        return Object.assign(update, { stop: () => started && bar.stop() });
      }
    : undefined,
};

/** Opens the database of DATABASE_URL, runs `work`, closes it. */
async function withContext(work: (ctx: AppContext) => Promise<unknown>): Promise<void> {
  const ctx = await openServerContext(readConfig());
  try {
    await work(ctx);
  } finally {
    await ctx.close();
  }
}

/** The `recurra` program; `output` lets tests capture what it prints. */
export function buildProgram(output: Output = consoleOutput): Command {
  const program = new Command('recurra')
    .description(
      'Recurra: recurring availability, materialized lazily. Uses DATABASE_URL like the server (default sqlite:./data/recurra.db).',
    )
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('serve')
    .description('serve the API and the calendar page on PORT (what npm start runs)')
    .option('--demo', 'create the demo specialists and schedules first (idempotent)')
    .action(async (opts: { demo?: boolean }) => {
      await serve(readConfig(), { demo: opts.demo ?? false });
    });

  program
    .command('migrate')
    .description('apply database migrations and exit')
    .action(async () => {
      const storage = openStorage(readConfig().databaseUrl);
      try {
        const applied = await migrateToLatest(storage);
        output.line(applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
      } finally {
        await storage.close();
      }
    });

  program
    .command('prewarm')
    .description(
      'materialize the next N days of every active schedule (idempotent, safe while servers run)',
    )
    .requiredOption('--days <n>', 'days from today', positiveInt, 14)
    .option('--specialist <id>', 'only this specialist', positiveInt)
    .action((opts: { days: number; specialist?: number }) =>
      withContext((ctx) => prewarmCommand(ctx, opts, output)),
    );

  program
    .command('cleanup')
    .description(
      'delete materialized future instances beyond N days that were never edited or cancelled (they come back on view)',
    )
    .requiredOption('--future-days <n>', 'keep this many days ahead', positiveInt, 28)
    .option('--dry-run', 'only count what would be deleted', false)
    .action((opts: { futureDays: number; dryRun: boolean }) =>
      withContext((ctx) => cleanupCommand(ctx, opts, output)),
    );

  program
    .command('expire')
    .description('delete instances that ended more than N days ago')
    .requiredOption('--older-than <days>', 'age in days', positiveInt, 90)
    .option('--dry-run', 'only count what would be deleted', false)
    .option('--keep-exceptions', 'keep occurrences that were edited or cancelled by hand', false)
    .action((opts: { olderThan: number; dryRun: boolean; keepExceptions: boolean }) =>
      withContext((ctx) =>
        expireCommand(
          ctx,
          {
            olderThanDays: opts.olderThan,
            dryRun: opts.dryRun,
            keepExceptions: opts.keepExceptions,
          },
          output,
        ),
      ),
    );

  program
    .command('stats')
    .description('schedules, instances, instances per schedule, materialized span, top specialists')
    .option('--json', 'print JSON', false)
    .action((opts: { json: boolean }) => withContext((ctx) => statsCommand(ctx, opts, output)));

  program
    .command('webhooks')
    .description('webhook deliveries')
    .command('deliveries')
    .description('the newest webhook deliveries with their status and last answer')
    .option('--failed', 'only deliveries given up after 3 days of retries', false)
    .option('--limit <n>', 'how many', positiveInt, 50)
    .option('--json', 'print JSON', false)
    .action((opts: { failed: boolean; limit: number; json: boolean }) =>
      withContext((ctx) => webhookDeliveriesCommand(ctx, opts, output)),
    );

  program
    .command('generate')
    .description(
      'the old eager approach: materialize every occurrence of every active schedule for N years',
    )
    .requiredOption('--eager', 'generate eagerly (the only mode)')
    .option('--years <n>', 'horizon in years', positiveNumber, 2)
    .action((opts: { years: number }) =>
      withContext((ctx) => generateEagerCommand(ctx, opts, output)),
    );

  program
    .command('busy')
    .description('external busy calendars: `busy refresh` fetches them now')
    .command('refresh')
    .description('fetch every busy calendar now (failures are recorded in its last_status, exit 0)')
    .option('--specialist <id>', 'only this specialist’s calendars', positiveInt)
    .action((opts: { specialist?: number }) =>
      withContext((ctx) => busyRefreshCommand(ctx, opts, output)),
    );

  program
    .command('seed-demo')
    .description('create demo specialists and schedules (idempotent)')
    .action(() =>
      withContext(async (ctx) => {
        const r = await seedDemo(ctx);
        output.line(
          `demo data: ${r.specialists} specialist(s), ${r.schedules} schedule(s) and ${r.services} service(s) created`,
        );
      }),
    );
  return program;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: string[], output?: Output): Promise<number> {
  try {
    await buildProgram(output).parseAsync(argv, { from: 'user' });
    return EXIT.done;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
        ? EXIT.done
        : EXIT.usage;
    }
    console.error(`recurra: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.failed;
  }
}

if (
  import.meta.url === `file://${process.argv[1]}` ||
  process.argv[1]?.endsWith('/src/cli/main.ts')
) {
  const argv = process.argv.slice(2);
  const code = await runCli(argv.length ? argv : ['--help']);
  // `serve` keeps running until a signal once it started; a failed start, and everything else,
  // exits with its code (0 would tell a process manager that all is well).
  if (argv[0] !== 'serve' || code !== EXIT.done) process.exit(code);
}
