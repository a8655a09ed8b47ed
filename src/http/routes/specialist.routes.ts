import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { presentSpecialist } from '../presenters.ts';
import { specialistBody, specialistParams } from '../schemas.ts';

export function specialistRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Body: { name: string; timezone: string } }>(
    '/specialist',
    { schema: { body: specialistBody } },
    async (req, reply) => {
      const { row, token } = await ctx.specialists.create(req.body);
      // The only time the token is shown: only its hash is stored.
      return reply.status(201).send({ ...presentSpecialist(row), token });
    },
  );

  app.get('/specialist', async () => ({
    specialists: (await ctx.specialists.list()).map(presentSpecialist),
  }));

  app.get<{ Params: { id: number } }>(
    '/specialist/:id',
    { schema: { params: specialistParams } },
    async (req) => presentSpecialist(await ctx.specialists.get(req.params.id)),
  );
}
