import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.ts';
import type { AccessService, Caller } from '../services/access.service.ts';
import { MAX_ID } from './schemas.ts';

/**
 * Who may call a route, as its `config.access` says: `public` (anyone), `owner` (the admin or the
 * specialist named in the path), `admin`, or `owner-or-token` (a booking's client presents its
 * `?cancel_token=`, which the service checks), or `signed-in` (any valid token; the route's own
 * `identifyCaller` hook names the caller and its service scopes what they see). Without it, reads
 * are public and writes `owner`.
 */
export type RouteAccess = 'public' | 'owner' | 'admin' | 'owner-or-token' | 'signed-in';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function bearer(req: FastifyRequest): string | undefined {
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
    if (rule === 'public' || rule === 'signed-in') return;
    if (rule === 'owner-or-token' && (req.query as { cancel_token?: unknown }).cancel_token) return;
    const caller = await access.identify(bearer(req));
    access.assertMay(caller, rule === 'admin' ? undefined : pathSpecialist(req));
  });
}

/**
 * A route-level `onRequest` hook for `signed-in` routes: identifies the caller (the admin when
 * the server runs open) before the body is read; no token at all is a 401.
 */
export function identifyCaller(access: AccessService) {
  return async (req: FastifyRequest): Promise<void> => {
    const caller = await access.identify(bearer(req));
    if (caller.kind === 'anyone')
      throw new DomainError('unauthorized', 'this request needs Authorization: Bearer <token>');
    req.caller = caller;
  };
}

/** The caller `identifyCaller` named. */
export function callerOf(req: FastifyRequest): Caller {
  if (!req.caller) throw new Error('the route has no identifyCaller hook');
  return req.caller;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (see `RouteAccess`). */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Set by `identifyCaller` on `signed-in` routes. */
    caller?: Caller;
  }
}
