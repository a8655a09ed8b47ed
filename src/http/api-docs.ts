import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The API description generated from the route schemas: OpenAPI 3 at `/openapi.json` and a
 * browsable page at `/docs` (Swagger UI's assets come from the installed package, no CDN).
 * Registered before the routes so it sees each of them.
 */
export function registerApiDocs(app: FastifyInstance): void {
  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Recurra',
        description:
          'Recurring availability for specialists; instances materialized lazily per viewed range. Reference: docs/api.md in the repository.',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  void app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}
