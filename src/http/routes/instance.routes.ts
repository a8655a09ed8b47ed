import type { FastifyInstance } from 'fastify';
import type { InstancePatch, InstanceService } from '../../services/instance.service.ts';
import { presentInstance } from '../presenters.ts';
import {
  bearer,
  errors,
  instancePatchBody,
  instanceResponse,
  noContent,
  forceQuery,
  instanceChangeQuery,
  pathParams,
} from '../schemas.ts';

export function instanceRoutes(app: FastifyInstance, instances: InstanceService): void {
  app.patch<{
    Params: { id: number; iid: number };
    Body: InstancePatch;
    Querystring: { allow_overlap?: boolean; force?: boolean };
  }>(
    '/specialist/:id/instances/:iid',
    {
      schema: {
        tags: ['instances'],
        summary: 'Edit one occurrence: it becomes an exception, never overwritten',
        security: bearer,
        params: pathParams('id', 'iid'),
        querystring: instanceChangeQuery,
        body: instancePatchBody,
        response: { 200: instanceResponse, ...errors(400, 401, 403, 404, 409, 413, 415, 503) },
      },
    },
    async (req) =>
      presentInstance(
        await instances.edit(
          req.params.id,
          req.params.iid,
          req.body,
          req.query.allow_overlap ?? false,
          req.query.force ?? false,
        ),
      ),
  );

  app.delete<{ Params: { id: number; iid: number }; Querystring: { force?: boolean } }>(
    '/specialist/:id/instances/:iid',
    {
      schema: {
        tags: ['instances'],
        summary: 'Cancel one occurrence (idempotent)',
        security: bearer,
        params: pathParams('id', 'iid'),
        querystring: forceQuery,
        response: { ...noContent, ...errors(401, 403, 404, 409, 503) },
      },
    },
    async (req, reply) => {
      await instances.cancel(req.params.id, req.params.iid, req.query.force ?? false);
      return reply.status(204).send();
    },
  );
}
