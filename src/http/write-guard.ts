import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.ts';
import { hashToken, tokensEqual } from '../services/access-tokens.ts';
import type { SpecialistRepository } from '../storage/specialist.repository.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bearer(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m?.[1];
}

/**
 * Protects writes when an admin token is configured: the admin token may write anything; a
 * specialist's own token (issued once by `POST /specialist`, stored hashed) may write under
 * `/specialist/{its id}` only — another specialist's routes answer 403. Reads stay open.
 */
export function installWriteGuard(
  app: FastifyInstance,
  adminToken: string | undefined,
  specialists: SpecialistRepository,
): void {
  if (!adminToken) {
    app.addHook('onReady', function warnOpen(done) {
      app.log.warn(
        'RECURRA_ADMIN_TOKEN is not set: every write is open to anyone who can reach the server',
      );
      done();
    });
    return;
  }
  app.addHook('preHandler', async (req) => {
    if (!WRITES.has(req.method)) return;
    const token = bearer(req);
    if (!token)
      throw new DomainError('unauthorized', 'this write needs Authorization: Bearer <token>');
    if (tokensEqual(token, adminToken)) return;
    const owner = await specialists.findByTokenHash(hashToken(token));
    if (!owner) throw new DomainError('unauthorized', 'the bearer token is not valid');
    const target = (req.params as { id?: number } | undefined)?.id;
    if (target === undefined || Number(target) !== owner.id) {
      throw new DomainError('forbidden', 'this token may only change its own specialist', {
        specialist_id: owner.id,
      });
    }
  });
}
