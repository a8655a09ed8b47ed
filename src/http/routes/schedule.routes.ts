import type { FastifyInstance } from 'fastify';
import { invalid } from '../../domain/errors.ts';
import type { SchedulePatch } from '../../domain/schedules/schedule-patch.ts';
import type { ScheduleInput } from '../../domain/schedules/schedule-template.ts';
import type { AppContext } from '../app-context.ts';
import { presentSchedule } from '../presenters.ts';
import {
  createScheduleQuery,
  deleteScheduleQuery,
  listSchedulesQuery,
  scheduleBody,
  scheduleParams,
  schedulePatchBody,
  schedulePatchQuery,
  specialistParams,
} from '../schemas.ts';

export function scheduleRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{
    Params: { id: number };
    Body: ScheduleInput;
    Querystring: { allow_overlap?: boolean };
  }>(
    '/specialist/:id/schedules',
    { schema: { params: specialistParams, body: scheduleBody, querystring: createScheduleQuery } },
    async (req, reply) => {
      const row = await ctx.schedules.create(
        req.params.id,
        req.body,
        req.query.allow_overlap ?? false,
      );
      return reply.status(201).send(presentSchedule(row));
    },
  );

  app.get<{ Params: { id: number }; Querystring: { include_inactive?: boolean } }>(
    '/specialist/:id/schedules',
    { schema: { params: specialistParams, querystring: listSchedulesQuery } },
    async (req) => ({
      schedules: (await ctx.schedules.list(req.params.id, req.query.include_inactive ?? false)).map(
        presentSchedule,
      ),
    }),
  );

  app.get<{ Params: { id: number; sid: number } }>(
    '/specialist/:id/schedules/:sid',
    { schema: { params: scheduleParams } },
    async (req) => presentSchedule(await ctx.schedules.get(req.params.id, req.params.sid)),
  );

  app.delete<{ Params: { id: number; sid: number }; Querystring: { from?: string } }>(
    '/specialist/:id/schedules/:sid',
    { schema: { params: scheduleParams, querystring: deleteScheduleQuery } },
    async (req, reply) => {
      await ctx.schedules.remove(req.params.id, req.params.sid, req.query.from);
      return reply.status(204).send();
    },
  );

  app.patch<{
    Params: { id: number; sid: number };
    Body: SchedulePatch;
    Querystring: { scope?: 'all' | 'following'; from?: string; allow_overlap?: boolean };
  }>(
    '/specialist/:id/schedules/:sid',
    {
      schema: { params: scheduleParams, body: schedulePatchBody, querystring: schedulePatchQuery },
    },
    async (req) => {
      const { id, sid } = req.params;
      const allowOverlap = req.query.allow_overlap ?? false;
      if ((req.query.scope ?? 'all') === 'all') {
        if (req.query.from !== undefined)
          throw invalid('from is only used with scope=following', { field: 'from' });
        return presentSchedule(await ctx.scheduleEdits.editAll(id, sid, req.body, allowOverlap));
      }
      if (req.query.from === undefined)
        throw invalid('scope=following needs from=YYYY-MM-DD', { field: 'from' });
      const { previous, schedule } = await ctx.scheduleEdits.editFollowing(
        id,
        sid,
        req.query.from,
        req.body,
        allowOverlap,
      );
      return {
        previous: previous && presentSchedule(previous),
        schedule: presentSchedule(schedule),
      };
    },
  );
}
