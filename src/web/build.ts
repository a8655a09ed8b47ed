import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the bundle goes: `public/build/` at the repository root (git-ignored). */
export const WEB_BUILD_DIR = join(here, '..', '..', 'public', 'build');

/**
 * Bundles the calendar page (TypeScript + FullCalendar + CSS) into `public/build/app.js` and
 * `public/build/app.css`. No CDN: everything comes from node_modules at build time.
 *
 * @example await buildWeb(); // then GET /build/app.js
 */
export async function buildWeb(): Promise<void> {
  await mkdir(WEB_BUILD_DIR, { recursive: true });
  await build({
    entryPoints: { app: join(here, 'main.ts'), styles: join(here, 'styles.css') },
    outdir: WEB_BUILD_DIR,
    bundle: true,
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
}

// `npm run build:web` runs this file directly.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildWeb();
}
