import { serve } from './cli/serve.ts';
import { readConfig } from './config.ts';

/** Composition root for the server process: `node --import tsx src/main.ts [--demo]` = `recurra serve`. */
serve(readConfig(), { demo: process.argv.includes('--demo') }).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
