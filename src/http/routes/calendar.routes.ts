import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { presentInstance } from '../presenters.ts';
import { calendarQuery, specialistParams } from '../schemas.ts';

export function calendarRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{
    Params: { id: number };
    Querystring: { start_date?: string; end_date?: string; include_cancelled?: boolean };
  }>(
    '/specialist/:id/calendar-instances',
    { schema: { params: specialistParams, querystring: calendarQuery } },
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
        },
        'calendar view',
      );
      return reply.header('X-Instances-Created', String(view.created)).send({
        specialist_id: view.specialist.id,
        timezone: view.specialist.timezone,
        start_date: view.window.startDate,
        end_date: view.window.endDate,
        instances: view.instances.map(presentInstance),
      });
    },
  );
}
