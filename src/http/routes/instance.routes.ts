import type { FastifyInstance } from 'fastify';
import type { InstancePatch } from '../../services/instance.service.ts';
import type { AppContext } from '../app-context.ts';
import { presentInstance } from '../presenters.ts';
import { createScheduleQuery, instanceParams, instancePatchBody } from '../schemas.ts';

export function instanceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.patch<{
    Params: { id: number; iid: number };
    Body: InstancePatch;
    Querystring: { allow_overlap?: boolean };
  }>(
    '/specialist/:id/instances/:iid',
    {
      schema: { params: instanceParams, body: instancePatchBody, querystring: createScheduleQuery },
    },
    async (req) =>
      presentInstance(
        await ctx.instances.edit(
          req.params.id,
          req.params.iid,
          req.body,
          req.query.allow_overlap ?? false,
        ),
      ),
  );

  app.delete<{ Params: { id: number; iid: number } }>(
    '/specialist/:id/instances/:iid',
    { schema: { params: instanceParams } },
    async (req, reply) => {
      await ctx.instances.cancel(req.params.id, req.params.iid);
      return reply.status(204).send();
    },
  );
}
