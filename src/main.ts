import { readConfig } from './config.ts';
import { serve } from './server.ts';

/**
 * Composition root of the server process: configuration → database → app.
 * `node --import tsx src/main.ts [--demo]` is `recurra serve`; a failed start exits 1.
 */
try {
  await serve(readConfig(), { demo: process.argv.includes('--demo') });
} catch (err) {
  console.error(`recurra: could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
