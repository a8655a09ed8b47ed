import type { FastifyInstance } from 'fastify';
import type { ChangeFeedService } from '../../services/change-feed.service.ts';
import type { AccessService } from '../../services/access.service.ts';
import type { WebhookInput, WebhookService } from '../../services/webhook.service.ts';
import { callerOf, identifyCaller } from '../access-hook.ts';
import { presentDelivery, presentPage, presentWebhook } from '../sync-presenters.ts';
import { bearer, errors, noContent, pathParams } from '../schemas.ts';
import {
  changesQuery,
  changesResponse,
  createdWebhookResponse,
  deliveriesQuery,
  deliveryListResponse,
  deliveryResponse,
  webhookBody,
  webhookListResponse,
  webhookPatchBody,
  webhookResponse,
} from '../sync-schemas.ts';

/** The change feed (`/changes`, `/specialist/{id}/changes`). */
export function changeRoutes(app: FastifyInstance, feed: ChangeFeedService): void {
  type Query = { cursor?: string; limit?: number };
  app.get<{ Querystring: Query }>(
    '/changes',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['sync'],
        summary: "Everybody's changes in commit order (admin)",
        security: bearer,
        querystring: changesQuery,
        response: { 200: changesResponse, ...errors(400, 401, 403, 410, 503) },
      },
    },
    async (req) => presentPage(await feed.read(req.query.cursor, req.query.limit)),
  );

  app.get<{ Params: { id: number }; Querystring: Query }>(
    '/specialist/:id/changes',
    {
      config: { access: 'owner' },
      schema: {
        tags: ['sync'],
        summary: "One specialist's changes in commit order",
        security: bearer,
        params: pathParams('id'),
        querystring: changesQuery,
        response: { 200: changesResponse, ...errors(400, 401, 403, 404, 410, 503) },
      },
    },
    async (req) => presentPage(await feed.read(req.query.cursor, req.query.limit, req.params.id)),
  );
}

/** Webhooks: the admin's for anyone, a specialist's for their own changes. */
export function webhookRoutes(
  app: FastifyInstance,
  ctx: { webhooks: WebhookService; access: AccessService },
): void {
  const { webhooks } = ctx;
  const tags = ['sync'];
  const config = { access: 'signed-in' } as const;
  const onRequest = identifyCaller(ctx.access);

  app.post<{ Body: WebhookInput }>(
    '/webhooks',
    {
      config,
      onRequest,
      schema: {
        tags,
        summary: 'Subscribe a URL to changes (the secret is shown only here)',
        security: bearer,
        body: webhookBody,
        response: { 201: createdWebhookResponse, ...errors(400, 401, 403, 413, 415, 503) },
      },
    },
    async (req, reply) => {
      const { webhook, secret } = await webhooks.create(callerOf(req), req.body);
      return reply.status(201).send({ ...presentWebhook(webhook), secret });
    },
  );

  app.get(
    '/webhooks',
    {
      config,
      onRequest,
      schema: {
        tags,
        summary: 'The webhooks the token may see',
        security: bearer,
        response: { 200: webhookListResponse, ...errors(401, 503) },
      },
    },
    async (req) => ({ webhooks: (await webhooks.list(callerOf(req))).map(presentWebhook) }),
  );

  app.get<{ Params: { wid: number } }>(
    '/webhooks/:wid',
    {
      config,
      onRequest,
      schema: {
        tags,
        summary: 'Read a webhook',
        security: bearer,
        params: pathParams('wid'),
        response: { 200: webhookResponse, ...errors(401, 404, 503) },
      },
    },
    async (req) => presentWebhook(await webhooks.get(callerOf(req), req.params.wid)),
  );

  app.patch<{ Params: { wid: number }; Body: WebhookInput }>(
    '/webhooks/:wid',
    {
      config,
      onRequest,
      schema: {
        tags,
        summary: 'Change url, events or is_active (turning it on again clears disabled_reason)',
        security: bearer,
        params: pathParams('wid'),
        body: webhookPatchBody,
        response: { 200: webhookResponse, ...errors(400, 401, 404, 413, 415, 503) },
      },
    },
    async (req) => presentWebhook(await webhooks.update(callerOf(req), req.params.wid, req.body)),
  );

  app.delete<{ Params: { wid: number } }>(
    '/webhooks/:wid',
    {
      config,
      onRequest,
      schema: {
        tags,
        summary: 'Delete a webhook (its pending deliveries go with it)',
        security: bearer,
        params: pathParams('wid'),
        response: { ...noContent, ...errors(401, 404, 503) },
      },
    },
    async (req, reply) => {
      await webhooks.remove(callerOf(req), req.params.wid);
      return reply.status(204).send();
    },
  );

  app.get<{
    Params: { wid: number };
    Querystring: { status?: 'pending' | 'succeeded' | 'failed' };
  }>(
    '/webhooks/:wid/deliveries',
    {
      config,
      onRequest,
      schema: {
        tags,
        summary: 'The latest 100 deliveries with their attempts (status code, error, timing)',
        security: bearer,
        params: pathParams('wid'),
        querystring: deliveriesQuery,
        response: { 200: deliveryListResponse, ...errors(400, 401, 404, 503) },
      },
    },
    async (req) => {
      const list = await webhooks.deliveries(callerOf(req), req.params.wid, req.query.status);
      return { deliveries: list.map((d) => presentDelivery(d.delivery, d.attempts)) };
    },
  );

  app.post<{ Params: { wid: number; did: number } }>(
    '/webhooks/:wid/deliveries/:did/retry',
    {
      config,
      onRequest,
      schema: {
        tags,
        summary: 'Try a delivery again now (a failed one included)',
        security: bearer,
        params: pathParams('wid', 'did'),
        response: { 202: deliveryResponse, ...errors(401, 404, 503) },
      },
    },
    async (req, reply) => {
      const d = await webhooks.retry(callerOf(req), req.params.wid, req.params.did);
      return reply.status(202).send(presentDelivery(d.delivery, d.attempts));
    },
  );
}
