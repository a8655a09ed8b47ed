import type { FastifyInstance } from 'fastify';
import type { FreeBusyInput, FreeBusyService } from '../../services/free-busy.service.ts';
import { freeBusyBody, freeBusyResponse } from '../booking-schemas.ts';
import { PUBLIC_LIMIT } from '../rate-limit.ts';
import { errors } from '../schemas.ts';

export function freeBusyRoutes(app: FastifyInstance, freeBusy: FreeBusyService): void {
  app.post<{ Body: FreeBusyInput }>(
    '/free-busy',
    {
      config: { ...PUBLIC_LIMIT, access: 'public' },
      schema: {
        tags: ['bookings'],
        summary: 'Busy and free time of up to 50 specialists over up to 62 days',
        body: freeBusyBody,
        response: { 200: freeBusyResponse, ...errors(400, 413, 415, 429, 503) },
      },
    },
    async (req) => {
      const r = await freeBusy.query(req.body, req.log);
      return { time_min: r.timeMin, time_max: r.timeMax, specialists: r.specialists };
    },
  );
}
