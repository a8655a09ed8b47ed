import type { FastifyInstance } from 'fastify';
import type { ServiceInput } from '../../domain/bookings/bookable-service.ts';
import type { CatalogService } from '../../services/catalog.service.ts';
import type { SpecialistService } from '../../services/specialist.service.ts';
import { serviceBody, servicePatchBody, serviceResponse } from '../booking-schemas.ts';
import { presentService } from '../presenters.ts';
import { bearer, errors, noContent, pathParams } from '../schemas.ts';

const tags = ['services'];

export function serviceRoutes(
  app: FastifyInstance,
  services: { catalog: CatalogService; specialists: SpecialistService },
): void {
  const { catalog, specialists } = services;
  const zoneOf = async (id: number) => (await specialists.get(id)).timeZone;

  app.post<{ Params: { id: number }; Body: ServiceInput }>(
    '/specialist/:id/services',
    {
      schema: {
        tags,
        summary: 'Create a service (what clients book)',
        security: bearer,
        params: pathParams('id'),
        body: serviceBody,
        response: { 201: serviceResponse, ...errors(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (req, reply) => {
      const created = await catalog.create(req.params.id, req.body);
      return reply.status(201).send(presentService(created, await zoneOf(req.params.id)));
    },
  );

  app.get<{ Params: { id: number } }>(
    '/specialist/:id/services',
    {
      schema: {
        tags,
        summary: 'List the active services',
        params: pathParams('id'),
        response: {
          200: {
            type: 'object',
            required: ['services'],
            properties: { services: { type: 'array', items: serviceResponse } },
          },
          ...errors(404),
        },
      },
    },
    async (req) => {
      const list = await catalog.list(req.params.id);
      const tz = await zoneOf(req.params.id);
      return { services: list.map((s) => presentService(s, tz)) };
    },
  );

  app.get<{ Params: { id: number; sid: number } }>(
    '/specialist/:id/services/:sid',
    {
      schema: {
        tags,
        summary: 'Read a service',
        params: pathParams('id', 'sid'),
        response: { 200: serviceResponse, ...errors(404) },
      },
    },
    async (req) =>
      presentService(await catalog.get(req.params.id, req.params.sid), await zoneOf(req.params.id)),
  );

  app.patch<{ Params: { id: number; sid: number }; Body: ServiceInput }>(
    '/specialist/:id/services/:sid',
    {
      schema: {
        tags,
        summary: 'Change a service (existing bookings stay as they are)',
        security: bearer,
        params: pathParams('id', 'sid'),
        body: servicePatchBody,
        response: { 200: serviceResponse, ...errors(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (req) =>
      presentService(
        await catalog.update(req.params.id, req.params.sid, req.body),
        await zoneOf(req.params.id),
      ),
  );

  app.delete<{ Params: { id: number; sid: number } }>(
    '/specialist/:id/services/:sid',
    {
      schema: {
        tags,
        summary: 'Retire a service: no new bookings; existing ones stay',
        security: bearer,
        params: pathParams('id', 'sid'),
        response: { ...noContent, ...errors(401, 403, 404, 503) },
      },
    },
    async (req, reply) => {
      await catalog.remove(req.params.id, req.params.sid);
      return reply.status(204).send();
    },
  );
}
