import type { FastifyInstance } from 'fastify';
import type { SpecialistService } from '../../services/specialist.service.ts';
import { presentSpecialist } from '../presenters.ts';
import { errors, pathParams, specialistBody, specialistResponse } from '../schemas.ts';

export function specialistRoutes(app: FastifyInstance, specialists: SpecialistService): void {
  app.post<{ Body: { name: string; timezone: string } }>(
    '/specialist',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['specialists'],
        summary: 'Create a specialist; its bearer token is shown only here',
        security: [{ bearer: [] }],
        body: specialistBody,
        response: {
          201: {
            ...specialistResponse,
            required: [...specialistResponse.required, 'token'],
            properties: { ...specialistResponse.properties, token: { type: 'string' } },
          },
          ...errors(400, 401, 403, 413, 415),
        },
      },
    },
    async (req, reply) => {
      const { specialist, token } = await specialists.create(req.body);
      // The only time the token is shown: only its hash is stored.
      return reply.status(201).send({ ...presentSpecialist(specialist), token });
    },
  );

  app.get(
    '/specialist',
    {
      schema: {
        tags: ['specialists'],
        summary: 'List specialists',
        response: {
          200: {
            type: 'object',
            required: ['specialists'],
            properties: { specialists: { type: 'array', items: specialistResponse } },
          },
        },
      },
    },
    async () => ({ specialists: (await specialists.list()).map(presentSpecialist) }),
  );

  app.get<{ Params: { id: number } }>(
    '/specialist/:id',
    {
      schema: {
        tags: ['specialists'],
        summary: 'Read a specialist',
        params: pathParams('id'),
        response: { 200: specialistResponse, ...errors(404) },
      },
    },
    async (req) => presentSpecialist(await specialists.get(req.params.id)),
  );
}
