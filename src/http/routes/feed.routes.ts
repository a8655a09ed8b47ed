import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { specialistParams } from '../schemas.ts';

/** Whether an `If-None-Match` header names `etag` (weak comparison, RFC 9110 §13.1.2). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => bare(tag) === bare(etag));
}

/** `GET /specialist/{id}/calendar.ics`: the feed, with a strong ETag and 304 on a match. */
export function feedRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: number } }>(
    '/specialist/:id/calendar.ics',
    { schema: { params: specialistParams } },
    async (req, reply) => {
      const body = await ctx.feed.calendar(req.params.id);
      const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
      reply.header('ETag', etag).header('Cache-Control', 'no-cache');
      if (matchesEtag(req.headers['if-none-match'], etag)) return reply.status(304).send();
      return reply
        .type('text/calendar; charset=utf-8')
        .header('Content-Disposition', `inline; filename="specialist-${req.params.id}.ics"`)
        .send(body);
    },
  );
}
