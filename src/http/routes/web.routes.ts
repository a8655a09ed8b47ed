import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const INDEX_HTML = join(root, 'src', 'web', 'index.html');
const BUILD_DIR = join(root, 'public', 'build');

/**
 * The calendar page: `GET /` answers `src/web/index.html`, `/build/*` the bundle made by
 * `npm run build:web` (`src/web/build.ts`). A missing bundle file falls through to the JSON 404.
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
  app.get('/', { schema: { hide: true } }, async (_req, reply) => {
    const html = await readFile(INDEX_HTML, 'utf8');
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
}
