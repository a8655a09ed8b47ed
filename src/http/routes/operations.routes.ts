import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../metrics/metrics.ts';
import { errors } from '../schemas.ts';

export function operationsRoutes(
  app: FastifyInstance,
  services: { ping: () => Promise<void>; metrics: Metrics },
): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness: 200 once the database answers, 503 otherwise',
        response: {
          200: { type: 'object', required: ['status'], properties: { status: { type: 'string' } } },
          ...errors(503),
        },
      },
    },
    async () => {
      await services.ping();
      return { status: 'ok' };
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text format)',
        response: { 200: { type: 'string' } },
      },
    },
    async (_req, reply) => {
      const text = await services.metrics.registry.metrics();
      return reply.header('Content-Type', services.metrics.registry.contentType).send(text);
    },
  );
}
