import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AccessService } from '../../services/access.service.ts';
import type {
  BookingAuthority,
  BookingInput,
  BookingService,
  HoldInput,
} from '../../services/booking.service.ts';
import type { FeedService } from '../../services/feed.service.ts';
import type { SlotService } from '../../services/slot.service.ts';
import type { SpecialistService } from '../../services/specialist.service.ts';
import {
  bookingBody,
  bookingPatchBody,
  bookingResponse,
  bookingsQuery,
  cancelTokenQuery,
  feedTokenQuery,
  holdBody,
  holdResponse,
  holdTokenQuery,
  slotsQuery,
  slotsResponse,
} from '../booking-schemas.ts';
import { matchesEtag } from '../etag.ts';
import { presentBooking, presentHold, presentSlot } from '../presenters.ts';
import { PUBLIC_LIMIT } from '../rate-limit.ts';
import { bearer, errors, noContent, pathParams } from '../schemas.ts';

const tags = ['bookings'];
const publicRoute = { ...PUBLIC_LIMIT, access: 'public' as const };

/** A client with the booking's cancel token, or (checked by the access hook) its specialist. */
function authorityOf(query: { cancel_token?: string }): BookingAuthority {
  return query.cancel_token !== undefined
    ? { kind: 'client', cancelToken: query.cancel_token }
    : { kind: 'owner' };
}

export function bookingRoutes(
  app: FastifyInstance,
  services: {
    slots: SlotService;
    bookings: BookingService;
    feed: FeedService;
    access: AccessService;
    specialists: SpecialistService;
  },
): void {
  const { slots, bookings, feed, access, specialists } = services;

  app.get<{
    Params: { id: number };
    Querystring: { service_id: number; start_date?: string; end_date?: string };
  }>(
    '/specialist/:id/slots',
    {
      config: PUBLIC_LIMIT,
      schema: {
        tags,
        summary: 'Bookable slots of a service in a window of local days (at most 62)',
        params: pathParams('id'),
        querystring: slotsQuery,
        response: {
          200: { ...slotsResponse, headers: { etag: { type: 'string' } } },
          304: { type: 'null', description: 'If-None-Match names the current ETag' },
          ...errors(400, 404, 429, 503),
        },
      },
    },
    async (req, reply) => {
      const view = await slots.slots(
        req.params.id,
        req.query.service_id,
        { startDate: req.query.start_date, endDate: req.query.end_date },
        req.log,
        req.headers['if-none-match'],
      );
      void reply.header('ETag', view.etag).header('Cache-Control', 'no-cache');
      if ('notModified' in view) return reply.status(304).send();
      const tz = view.specialist.timeZone;
      return reply.header('X-Instances-Created', String(view.created)).send({
        specialist_id: view.specialist.id,
        service_id: view.service.id,
        timezone: tz,
        start_date: view.window.startDate,
        end_date: view.window.endDate,
        slots: view.slots.map((s) => presentSlot(s, tz)),
      });
    },
  );

  app.post<{ Params: { id: number }; Body: HoldInput }>(
    '/specialist/:id/holds',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Hold a slot while the client types (RECURRA_HOLD_SECONDS)',
        params: pathParams('id'),
        body: holdBody,
        response: { 201: holdResponse, ...errors(400, 404, 409, 413, 415, 429, 503) },
      },
    },
    async (req, reply) => {
      const { hold, token } = await bookings.hold(req.params.id, req.body, req.log);
      const tz = (await specialists.get(req.params.id)).timeZone;
      return reply.status(201).send(presentHold(hold, token, tz));
    },
  );

  app.delete<{ Params: { id: number; hid: number }; Querystring: { hold_token: string } }>(
    '/specialist/:id/holds/:hid',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Release a hold (its token in ?hold_token=)',
        params: pathParams('id', 'hid'),
        querystring: holdTokenQuery,
        response: { ...noContent, ...errors(400, 403, 404, 429, 503) },
      },
    },
    async (req, reply) => {
      await bookings.release(req.params.id, req.params.hid, req.query.hold_token);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: number }; Body: BookingInput }>(
    '/specialist/:id/bookings',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Book a slot (Idempotency-Key makes retries safe)',
        params: pathParams('id'),
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { type: 'string', maxLength: 255 } },
        },
        body: bookingBody,
        response: {
          201: { ...bookingResponse, headers: { 'idempotent-replayed': { type: 'string' } } },
          ...errors(400, 404, 409, 413, 415, 422, 429, 503),
        },
      },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      const r = await bookings.book(
        req.params.id,
        req.body,
        typeof key === 'string' ? key : undefined,
        req.log,
      );
      if (r.replayed) void reply.header('Idempotent-Replayed', 'true');
      const tz = (await specialists.get(req.params.id)).timeZone;
      return reply.status(201).send(presentBooking(r.booking, tz, r.cancelToken));
    },
  );

  app.get<{
    Params: { id: number };
    Querystring: { start_date?: string; end_date?: string; include_cancelled?: boolean };
  }>(
    '/specialist/:id/bookings',
    {
      config: { access: 'owner' },
      schema: {
        tags,
        summary: "The specialist's bookings overlapping a window (names and e-mail addresses)",
        security: bearer,
        params: pathParams('id'),
        querystring: bookingsQuery,
        response: {
          200: {
            type: 'object',
            required: ['bookings'],
            properties: { bookings: { type: 'array', items: bookingResponse } },
          },
          ...errors(400, 401, 403, 404, 503),
        },
      },
    },
    async (req) => {
      const r = await bookings.list(req.params.id, {
        startDate: req.query.start_date,
        endDate: req.query.end_date,
        includeCancelled: req.query.include_cancelled,
      });
      return { bookings: r.bookings.map((b) => presentBooking(b, r.specialist.timeZone)) };
    },
  );

  app.get<{ Params: { id: number; bid: number }; Querystring: { cancel_token?: string } }>(
    '/specialist/:id/bookings/:bid',
    {
      config: { access: 'owner-or-token' },
      schema: {
        tags,
        summary: 'Read one booking (the specialist, or the client with ?cancel_token=)',
        security: bearer,
        params: pathParams('id', 'bid'),
        querystring: cancelTokenQuery,
        response: { 200: bookingResponse, ...errors(401, 403, 404, 503) },
      },
    },
    async (req) => {
      const b = await bookings.get(req.params.id, req.params.bid, authorityOf(req.query));
      const tz = (await specialists.get(req.params.id)).timeZone;
      return presentBooking(b, tz);
    },
  );

  app.patch<{
    Params: { id: number; bid: number };
    Querystring: { cancel_token?: string };
    Body: { start_datetime?: string; notes?: string | null };
  }>(
    '/specialist/:id/bookings/:bid',
    {
      config: { access: 'owner-or-token' },
      schema: {
        tags,
        summary: 'Reschedule (checked as a new booking) or change notes; atomic',
        security: bearer,
        params: pathParams('id', 'bid'),
        querystring: cancelTokenQuery,
        body: bookingPatchBody,
        response: { 200: bookingResponse, ...errors(400, 401, 403, 404, 409, 413, 415, 503) },
      },
    },
    async (req) => {
      const b = await bookings.update(
        req.params.id,
        req.params.bid,
        req.body,
        authorityOf(req.query),
        req.log,
      );
      const tz = (await specialists.get(req.params.id)).timeZone;
      return presentBooking(b, tz);
    },
  );

  app.delete<{ Params: { id: number; bid: number }; Querystring: { cancel_token?: string } }>(
    '/specialist/:id/bookings/:bid',
    {
      config: { access: 'owner-or-token' },
      schema: {
        tags,
        summary: 'Cancel a booking (the row stays; idempotent)',
        security: bearer,
        params: pathParams('id', 'bid'),
        querystring: cancelTokenQuery,
        response: { ...noContent, ...errors(401, 403, 404, 503) },
      },
    },
    async (req, reply) => {
      await bookings.cancel(req.params.id, req.params.bid, authorityOf(req.query));
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { id: number }; Querystring: { token?: string } }>(
    '/specialist/:id/bookings.ics',
    {
      config: { access: 'public' },
      schema: {
        tags: ['feeds'],
        summary: "The specialist's bookings as iCalendar (?token= the specialist's token)",
        params: pathParams('id'),
        querystring: feedTokenQuery,
        response: {
          200: { type: 'string', description: 'text/calendar' },
          304: { type: 'null', description: 'If-None-Match names the current ETag' },
          ...errors(401, 403, 404, 503),
        },
      },
    },
    async (req, reply) => {
      // Calendar apps cannot send headers: the specialist's token comes in the query.
      access.assertMay(await access.identify(req.query.token), req.params.id);
      const body = await feed.bookings(req.params.id);
      const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
      void reply.header('ETag', etag).header('Cache-Control', 'no-cache, private');
      if (matchesEtag(req.headers['if-none-match'], etag)) return reply.status(304).send();
      return reply
        .type('text/calendar; charset=utf-8')
        .header('Content-Disposition', `inline; filename="bookings-${req.params.id}.ics"`)
        .send(body);
    },
  );
}
