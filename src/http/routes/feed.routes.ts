import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { FeedService } from '../../services/feed.service.ts';
import { matchesEtag } from '../etag.ts';
import { errors, pathParams } from '../schemas.ts';

/** `GET /specialist/{id}/calendar.ics`: the feed, with a strong ETag and 304 on a match. */
export function feedRoutes(app: FastifyInstance, feed: FeedService): void {
  app.get<{ Params: { id: number } }>(
    '/specialist/:id/calendar.ics',
    {
      schema: {
        tags: ['feeds'],
        summary: 'The availability as an iCalendar feed (RFC 5545)',
        params: pathParams('id'),
        response: {
          200: { type: 'string', description: 'text/calendar' },
          304: { type: 'null', description: 'If-None-Match names the current ETag' },
          ...errors(404, 503),
        },
      },
    },
    async (req, reply) => {
      const body = await feed.calendar(req.params.id);
      const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
      void reply.header('ETag', etag).header('Cache-Control', 'no-cache');
      if (matchesEtag(req.headers['if-none-match'], etag)) return reply.status(304).send();
      return reply
        .type('text/calendar; charset=utf-8')
        .header('Content-Disposition', `inline; filename="specialist-${req.params.id}.ics"`)
        .send(body);
    },
  );
}
