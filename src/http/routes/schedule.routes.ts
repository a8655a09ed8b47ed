import type { FastifyInstance } from 'fastify';
import { invalid } from '../../domain/errors.ts';
import type { SchedulePatch } from '../../domain/schedules/schedule-patch.ts';
import type { ScheduleInput } from '../../domain/schedules/schedule-draft.ts';
import type { ScheduleEditService } from '../../services/schedule-edit.service.ts';
import type { ScheduleService } from '../../services/schedule.service.ts';
import { presentSchedule } from '../presenters.ts';
import {
  bearer,
  deleteScheduleQuery,
  errors,
  listSchedulesQuery,
  noContent,
  overlapQuery,
  pathParams,
  scheduleBody,
  schedulePatchBody,
  schedulePatchQuery,
  scheduleResponse,
} from '../schemas.ts';

const tags = ['schedules'];

export function scheduleRoutes(
  app: FastifyInstance,
  services: { schedules: ScheduleService; scheduleEdits: ScheduleEditService },
): void {
  const { schedules, scheduleEdits } = services;
  app.post<{
    Params: { id: number };
    Body: ScheduleInput;
    Querystring: { allow_overlap?: boolean };
  }>(
    '/specialist/:id/schedules',
    {
      schema: {
        tags,
        summary: 'Create a schedule: one row, no instance',
        security: bearer,
        params: pathParams('id'),
        querystring: overlapQuery,
        body: scheduleBody,
        response: { 201: scheduleResponse, ...errors(400, 401, 403, 404, 409, 413, 415, 503) },
      },
    },
    async (req, reply) => {
      const s = await schedules.create(req.params.id, req.body, req.query.allow_overlap ?? false);
      return reply.status(201).send(presentSchedule(s));
    },
  );

  app.get<{ Params: { id: number }; Querystring: { include_inactive?: boolean } }>(
    '/specialist/:id/schedules',
    {
      schema: {
        tags,
        summary: 'List schedules (active ones unless include_inactive=true)',
        params: pathParams('id'),
        querystring: listSchedulesQuery,
        response: {
          200: {
            type: 'object',
            required: ['schedules'],
            properties: { schedules: { type: 'array', items: scheduleResponse } },
          },
          ...errors(400, 404),
        },
      },
    },
    async (req) => ({
      schedules: (await schedules.list(req.params.id, req.query.include_inactive ?? false)).map(
        presentSchedule,
      ),
    }),
  );

  app.get<{ Params: { id: number; sid: number } }>(
    '/specialist/:id/schedules/:sid',
    {
      schema: {
        tags,
        summary: 'Read a schedule',
        params: pathParams('id', 'sid'),
        response: { 200: scheduleResponse, ...errors(404) },
      },
    },
    async (req) => presentSchedule(await schedules.get(req.params.id, req.params.sid)),
  );

  app.delete<{
    Params: { id: number; sid: number };
    Querystring: { from?: string; force?: boolean };
  }>(
    '/specialist/:id/schedules/:sid',
    {
      schema: {
        tags,
        summary: 'Delete a schedule (history stays), or end it before ?from=YYYY-MM-DD',
        security: bearer,
        params: pathParams('id', 'sid'),
        querystring: deleteScheduleQuery,
        response: { ...noContent, ...errors(400, 401, 403, 404, 409, 503) },
      },
    },
    async (req, reply) => {
      await schedules.remove(
        req.params.id,
        req.params.sid,
        req.query.from,
        req.query.force ?? false,
      );
      return reply.status(204).send();
    },
  );

  app.patch<{
    Params: { id: number; sid: number };
    Body: SchedulePatch;
    Querystring: {
      scope?: 'all' | 'following';
      from?: string;
      allow_overlap?: boolean;
      force?: boolean;
    };
  }>(
    '/specialist/:id/schedules/:sid',
    {
      schema: {
        tags,
        summary:
          'Edit a schedule: scope=all (default) or scope=following&from=YYYY-MM-DD (a split)',
        security: bearer,
        params: pathParams('id', 'sid'),
        querystring: schedulePatchQuery,
        body: schedulePatchBody,
        response: {
          200: {
            description: 'scope=all: the schedule; scope=following: {previous, schedule}',
            anyOf: [
              scheduleResponse,
              {
                type: 'object',
                required: ['previous', 'schedule'],
                properties: {
                  previous: { anyOf: [scheduleResponse, { type: 'null' }] },
                  schedule: scheduleResponse,
                },
              },
            ],
          },
          ...errors(400, 401, 403, 404, 409, 413, 415, 503),
        },
      },
    },
    async (req) => {
      const { id, sid } = req.params;
      const allowOverlap = req.query.allow_overlap ?? false;
      const force = req.query.force ?? false;
      if ((req.query.scope ?? 'all') === 'all') {
        if (req.query.from !== undefined)
          throw invalid('from is only used with scope=following', { field: 'from' });
        return presentSchedule(await scheduleEdits.editAll(id, sid, req.body, allowOverlap, force));
      }
      if (req.query.from === undefined)
        throw invalid('scope=following needs from=YYYY-MM-DD', { field: 'from' });
      const { previous, schedule } = await scheduleEdits.editFollowing(
        id,
        sid,
        req.query.from,
        req.body,
        allowOverlap,
        force,
      );
      return {
        previous: previous && presentSchedule(previous),
        schedule: presentSchedule(schedule),
      };
    },
  );
}
