#!/usr/bin/env node
// `npx recurra …`: runs the TypeScript CLI through tsx, so nothing needs a build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const { runCli, EXIT } = await import(
  fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))
);
const argv = process.argv.slice(2);
const code = await runCli(argv.length ? argv : ['--help']);
// `serve` keeps running once it started; a failed start, and every other command, exits with its
// code (0 after a failed start would tell a process manager that all is well).
if (argv[0] !== 'serve' || code !== EXIT.done) process.exit(code);
