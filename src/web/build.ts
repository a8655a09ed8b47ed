import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the bundle goes: `public/build/` at the repository root (git-ignored). */
export const WEB_BUILD_DIR = join(here, '..', '..', 'public', 'build');

/**
 * Bundles the calendar page (TypeScript + FullCalendar + CSS) into `public/build/app.js` and
 * `public/build/styles.css`, and the booking pages into `book.js` and `book-styles.css`. No CDN: everything comes from node_modules at build time.
 *
 * @example await buildWeb(); // then GET /build/app.js
 */
export async function buildWeb(): Promise<void> {
  await mkdir(WEB_BUILD_DIR, { recursive: true });
  const result = await build({
    entryPoints: {
      app: join(here, 'main.ts'),
      styles: join(here, 'styles.css'),
      // The client's booking pages (`/book/…`): a bundle of their own, without FullCalendar.
      book: join(here, 'booking', 'booking-main.ts'),
      'book-styles': join(here, 'booking', 'booking.css'),
    },
    outdir: WEB_BUILD_DIR,
    bundle: true,
    format: 'esm',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    write: false,
  });
  // Each file is written beside its place and renamed over it: test files build in parallel
  // processes while a server may be answering, and neither must ever see a half-written bundle.
  await Promise.all(
    result.outputFiles.map(async (file) => {
      const temp = `${file.path}.${process.pid}.tmp`;
      await writeFile(temp, file.contents);
      await rename(temp, file.path);
    }),
  );
}

// `npm run build:web` runs this file directly.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildWeb();
}
