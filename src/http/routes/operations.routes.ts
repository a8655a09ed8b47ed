import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { errorBody } from '../error-handler.ts';

export function operationsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/health', async (req, reply) => {
    try {
      await sql`select 1`.execute(ctx.storage.db);
      return { status: 'ok' };
    } catch (err) {
      req.log.warn({ err }, 'health check: database unavailable');
      return reply
        .status(503)
        .send(errorBody('service_unavailable', 'the database does not answer'));
    }
  });

  app.get('/metrics', async (_req, reply) => {
    const text = await ctx.metrics.registry.metrics();
    return reply.header('Content-Type', ctx.metrics.registry.contentType).send(text);
  });
}
