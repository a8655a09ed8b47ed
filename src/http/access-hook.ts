import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessService } from '../services/access.service.ts';
import { MAX_ID } from './schemas.ts';

/**
 * Who may call a route, as its `config.access` says: `public` (anyone), `owner` (the admin or the
 * specialist named in the path), `admin`, or `owner-or-token` (a booking's client presents its
 * `?cancel_token=`, which the service checks). Without it, reads are public and writes `owner`.
 */
export type RouteAccess = 'public' | 'owner' | 'admin' | 'owner-or-token';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bearer(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1];
}

/** The specialist a path names, if its id is a valid one. */
function pathSpecialist(req: FastifyRequest): number | undefined {
  const raw = (req.params as { id?: unknown } | undefined)?.id;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= MAX_ID ? n : undefined;
}

/**
 * Decides access in `onRequest`: before the body is read or validated, so an unauthenticated
 * write with a garbage body is a 401, never a 400. Warns once at start when writes are open.
 */
export function installAccessHook(app: FastifyInstance, access: AccessService): void {
  if (!access.protectedMode) {
    app.addHook('onReady', function warnOpen(done) {
      app.log.warn(
        'RECURRA_ADMIN_TOKEN is not set: every write is open to anyone who can reach the server',
      );
      done();
    });
    return;
  }
  app.addHook('onRequest', async (req) => {
    const rule = req.routeOptions.config.access ?? (WRITES.has(req.method) ? 'owner' : 'public');
    if (rule === 'public') return;
    if (rule === 'owner-or-token' && (req.query as { cancel_token?: unknown }).cancel_token) return;
    const caller = await access.identify(bearer(req));
    access.assertMay(caller, rule === 'admin' ? undefined : pathSpecialist(req));
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (see `RouteAccess`). */
    access?: RouteAccess;
  }
}
