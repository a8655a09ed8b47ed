import type { FastifyInstance } from 'fastify';
import type { CalendarService } from '../../services/calendar.service.ts';
import type { Metrics } from '../../metrics/metrics.ts';
import { matchesEtag } from '../etag.ts';
import { ViewBodyCache } from '../view-body-cache.ts';
import type { ViewLogSummary } from '../view-log-summary.ts';
import { presentInstance } from '../presenters.ts';
import { PUBLIC_LIMIT } from '../rate-limit.ts';
import { calendarQuery, calendarResponse, errors, pathParams } from '../schemas.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

export function calendarRoutes(
  app: FastifyInstance,
  services: { calendar: CalendarService; metrics: Metrics },
  options: { bodies?: ViewBodyCache; summary?: ViewLogSummary } = {},
): void {
  const bodies = options.bodies ?? new ViewBodyCache();
  const summary = options.summary;
  const { calendar, metrics } = services;
  app.get<{
    Params: { id: number };
    Querystring: { start_date?: string; end_date?: string; include_cancelled?: boolean };
  }>(
    '/specialist/:id/calendar-instances',
    {
      config: PUBLIC_LIMIT,
      onResponse: (_req, reply, done) => {
        summary?.record(reply.statusCode, reply.elapsedTime);
        done();
      },
      schema: {
        tags: ['instances'],
        summary:
          'The occurrences overlapping a window (default: this week); materializes what is missing',
        params: pathParams('id'),
        querystring: calendarQuery,
        response: {
          200: {
            ...calendarResponse,
            headers: {
              'x-instances-created': { type: 'integer', description: 'rows this request created' },
              'x-instances-unstored': {
                type: 'integer',
                description: 'occurrences returned beyond the storage horizon (id null)',
              },
              etag: { type: 'string' },
            },
          },
          304: { type: 'null', description: 'If-None-Match names the current ETag' },
          ...errors(400, 404, 429, 503),
        },
      },
    },
    async (req, reply) => {
      const id = req.params.id;
      const query = {
        startDate: req.query.start_date,
        endDate: req.query.end_date,
        includeCancelled: req.query.include_cancelled,
      };
      // The version is read from the database on every request (another process may have
      // written); with it unchanged, a conditional revisit is a 304 and any other revisit is
      // served from the cache of serialized bodies.
      const { etag } = await calendar.tag(id, query);
      void reply.header('ETag', etag).header('Cache-Control', 'no-cache');
      if (matchesEtag(req.headers['if-none-match'], etag)) {
        req.log.debug({ specialist_id: id, etag, answer: 'not_modified' }, 'calendar view');
        metrics.recordView(0);
        return reply.status(304).send();
      }
      const hit = bodies.get(id, etag);
      if (hit) {
        req.log.debug({ specialist_id: id, etag, answer: 'cached' }, 'calendar view');
        metrics.recordView(0);
        return reply
          .header('X-Instances-Created', '0')
          .header('X-Instances-Unstored', String(hit.unstored))
          .type(JSON_TYPE)
          .send(hit.body);
      }
      const view = await calendar.view(id, query, req.log);
      metrics.recordView(view.created);
      req.log.debug(
        {
          specialist_id: view.specialist.id,
          start_date: view.window.startDate,
          end_date: view.window.endDate,
          created: view.created,
          returned: view.instances.length,
          duration_ms: Math.round(reply.elapsedTime * 10) / 10,
        },
        'calendar view',
      );
      // Serialized once through the route's compiled response schema, then kept for revisits.
      const serialized = reply.serialize({
        specialist_id: view.specialist.id,
        timezone: view.specialist.timeZone,
        start_date: view.window.startDate,
        end_date: view.window.endDate,
        instances: view.instances.map(presentInstance),
      });
      const body = typeof serialized === 'string' ? serialized : JSON.stringify(serialized);
      bodies.set(id, view.etag, { body, unstored: view.unstored });
      return reply
        .header('ETag', view.etag)
        .header('X-Instances-Created', String(view.created))
        .header('X-Instances-Unstored', String(view.unstored))
        .type(JSON_TYPE)
        .send(body);
    },
  );
}
