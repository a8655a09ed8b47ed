#!/usr/bin/env node
// `npx recurra …`: runs the TypeScript CLI through tsx, so nothing needs a build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const { runCli } = await import(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)));
const argv = process.argv.slice(2);
const code = await runCli(argv.length ? argv : ['--help']);
if (argv[0] !== 'serve') process.exit(code);
