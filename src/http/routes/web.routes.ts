import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const INDEX_HTML = join(root, 'src', 'web', 'index.html');
const BOOK_HTML = join(root, 'src', 'web', 'booking', 'book.html');
const BUILD_DIR = join(root, 'public', 'build');

/**
 * The calendar page: `GET /` answers `src/web/index.html`, `/build/*` the bundle made by
 * `npm run build:web` (`src/web/build.ts`). A missing bundle file falls through to the JSON 404.
 * The client's booking pages, `/book/{specialist}`, `/book/{specialist}/{service}` and
 * `/book/manage/{booking}`, all answer `src/web/booking/book.html`; the page reads its path.
 * @example webRoutes(app); // GET / → text/html
 */
export function webRoutes(app: FastifyInstance): void {
  void app.register(fastifyStatic, {
    root: BUILD_DIR,
    prefix: '/build/',
    decorateReply: false,
    // The bundle may be built after the server started (tests build it in beforeAll).
    wildcard: true,
    cacheControl: true,
    maxAge: 0,
  });
  const page = (file: string) => async (_req: unknown, reply: FastifyReply) => {
    const html = await readFile(file, 'utf8');
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  };
  app.get('/', { schema: { hide: true } }, page(INDEX_HTML));
  for (const path of ['/book/:specialist', '/book/:specialist/:service', '/book/manage/:booking'])
    app.get(path, { schema: { hide: true } }, page(BOOK_HTML));
}
