import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { presentInstance } from '../presenters.ts';
import { rateLimitHook, type RateLimiter } from '../rate-limiter.ts';
import { calendarQuery, specialistParams } from '../schemas.ts';

/** `limiter`: the public instance endpoint is rate limited per client (null: unlimited). */
export function calendarRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  limiter: RateLimiter | null,
): void {
  app.get<{
    Params: { id: number };
    Querystring: { start_date?: string; end_date?: string; include_cancelled?: boolean };
  }>(
    '/specialist/:id/calendar-instances',
    {
      schema: { params: specialistParams, querystring: calendarQuery },
      ...(limiter && { onRequest: rateLimitHook(limiter) }),
    },
    async (req, reply) => {
      const view = await ctx.calendar.view(
        req.params.id,
        {
          startDate: req.query.start_date,
          endDate: req.query.end_date,
          includeCancelled: req.query.include_cancelled,
        },
        req.log,
      );
      ctx.metrics.recordView(view.created);
      req.log.info(
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
      return reply
        .header('X-Instances-Created', String(view.created))
        .header('X-Instances-Unstored', String(view.ephemeral))
        .send({
          specialist_id: view.specialist.id,
          timezone: view.specialist.timezone,
          start_date: view.window.startDate,
          end_date: view.window.endDate,
          instances: view.instances.map(presentInstance),
        });
    },
  );
}
