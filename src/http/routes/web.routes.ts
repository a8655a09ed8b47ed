import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { MAX_ID } from '../schemas.ts';

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
export function webRoutes(
  app: FastifyInstance,
  specialistOfBooking: (bookingId: number, cancelToken: string) => Promise<number | undefined>,
): void {
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
  for (const path of ['/book/:specialist', '/book/:specialist/:service'])
    app.get(path, { schema: { hide: true } }, page(BOOK_HTML));
  // The contract's manage link is `/book/manage/{booking}?token=…`; the page also needs the
  // specialist (every booking route is under it), so a link without one is redirected to the
  // same link naming it, once the token is known to be the booking's.
  const bookPage = page(BOOK_HTML);
  app.get<{ Params: { booking: string }; Querystring: Record<string, string | undefined> }>(
    '/book/manage/:booking',
    { schema: { hide: true } },
    async (req, reply) => {
      const { specialist, token } = req.query;
      const id = Number(req.params.booking);
      if (
        specialist === undefined &&
        token &&
        /^[1-9][0-9]{0,9}$/.test(req.params.booking) &&
        id <= MAX_ID
      ) {
        const owner = await specialistOfBooking(id, token);
        if (owner !== undefined) {
          const q = new URLSearchParams({ specialist: String(owner), token });
          return reply.redirect(`/book/manage/${id}?${q.toString()}`, 302);
        }
      }
      return bookPage(req, reply);
    },
  );
}
