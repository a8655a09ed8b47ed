import type { FastifyInstance } from 'fastify';
import type { BusyCalendarService } from '../../services/busy-calendar.service.ts';
import type { SpecialistService } from '../../services/specialist.service.ts';
import { presentBusyCalendar } from '../busy-calendar-presenter.ts';
import {
  busyCalendarBody,
  busyCalendarList,
  busyCalendarResponse,
} from '../busy-calendar-schemas.ts';
import { bearer, errors, noContent, pathParams } from '../schemas.ts';

const tags = ['busy calendars'];

/**
 * `/specialist/{id}/busy-calendars`: a specialist's external calendars whose events block slots.
 * Reads are the owner's too (a calendar's URL is often a private link). Nothing here fetches.
 */
export function busyCalendarRoutes(
  app: FastifyInstance,
  services: { busyCalendars: BusyCalendarService; specialists: SpecialistService },
): void {
  const { busyCalendars, specialists } = services;
  const zoneOf = async (id: number) => (await specialists.get(id)).timeZone;

  app.post<{ Params: { id: number }; Body: { url: string; name: string } }>(
    '/specialist/:id/busy-calendars',
    {
      config: { access: 'owner' },
      schema: {
        tags,
        summary: 'Add an external calendar (an iCalendar URL) whose events block slots',
        description:
          'Fetched in the background at once and then every RECURRA_BUSY_REFRESH_MINUTES; `last_fetched_at` and `last_status` are null until then.',
        security: bearer,
        params: pathParams('id'),
        body: busyCalendarBody,
        response: { 201: busyCalendarResponse, ...errors(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (req, reply) => {
      const created = await busyCalendars.create(req.params.id, req.body);
      return reply.status(201).send(presentBusyCalendar(created, await zoneOf(req.params.id)));
    },
  );

  app.get<{ Params: { id: number } }>(
    '/specialist/:id/busy-calendars',
    {
      config: { access: 'owner' },
      schema: {
        tags,
        summary: 'List the external calendars and how their last fetch went',
        security: bearer,
        params: pathParams('id'),
        response: { 200: busyCalendarList, ...errors(401, 403, 404, 503) },
      },
    },
    async (req) => {
      const list = await busyCalendars.list(req.params.id);
      const tz = await zoneOf(req.params.id);
      return { busy_calendars: list.map((c) => presentBusyCalendar(c, tz)) };
    },
  );

  app.get<{ Params: { id: number; cid: number } }>(
    '/specialist/:id/busy-calendars/:cid',
    {
      config: { access: 'owner' },
      schema: {
        tags,
        summary: 'Read an external calendar',
        security: bearer,
        params: pathParams('id', 'cid'),
        response: { 200: busyCalendarResponse, ...errors(401, 403, 404, 503) },
      },
    },
    async (req) =>
      presentBusyCalendar(
        await busyCalendars.get(req.params.id, req.params.cid),
        await zoneOf(req.params.id),
      ),
  );

  app.delete<{ Params: { id: number; cid: number } }>(
    '/specialist/:id/busy-calendars/:cid',
    {
      config: { access: 'owner' },
      schema: {
        tags,
        summary: 'Remove an external calendar and the busy time it gave',
        security: bearer,
        params: pathParams('id', 'cid'),
        response: { ...noContent, ...errors(401, 403, 404, 503) },
      },
    },
    async (req, reply) => {
      await busyCalendars.remove(req.params.id, req.params.cid);
      return reply.status(204).send();
    },
  );
}
