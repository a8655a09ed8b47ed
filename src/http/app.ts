import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Ajv } from 'ajv';
import type { AppContext } from '../context.ts';
import { installAccessHook } from './access-hook.ts';
import { registerApiDocs } from './api-docs.ts';
import { errorBody, handleError } from './error-handler.ts';
import { loggableUrl } from './loggable-url.ts';
import { HttpError } from './http-error.ts';
import { registerRateLimit } from './rate-limit.ts';
import { bookingRoutes } from './routes/booking.routes.ts';
import { busyCalendarRoutes } from './routes/busy-calendar.routes.ts';
import { calendarRoutes } from './routes/calendar.routes.ts';
import { freeBusyRoutes } from './routes/free-busy.routes.ts';
import { serviceRoutes } from './routes/service.routes.ts';
import { changeRoutes, webhookRoutes } from './routes/sync.routes.ts';
import { feedRoutes } from './routes/feed.routes.ts';
import { instanceRoutes } from './routes/instance.routes.ts';
import { operationsRoutes } from './routes/operations.routes.ts';
import { scheduleRoutes } from './routes/schedule.routes.ts';
import { specialistRoutes } from './routes/specialist.routes.ts';
import { webRoutes } from './routes/web.routes.ts';
import { MAX_ID } from './schemas.ts';
import { ViewLogSummary } from './view-log-summary.ts';

export interface AppOptions {
  readonly logger?: FastifyServerOptions['logger'];
  /** Largest accepted request body in bytes. */
  readonly bodyLimit?: number;
  /** RECURRA_RATE_LIMIT: public requests per minute per client; 0 or absent: unlimited. */
  readonly rateLimitPerMinute?: number | undefined;
  /** Seconds between the info lines summarising calendar views (each view logs at debug). */
  readonly viewLogSeconds?: number;
}

// Query strings are text, so booleans there are coerced; a JSON body is typed already, and
// `{"name": 5}` must be refused rather than quietly become "5".
const coercing = new Ajv({
  coerceTypes: true,
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
});
const strict = new Ajv({
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
});

/** Ids in a path are plain positive decimals: `0x1`, `1e0`, `+1`, `%201` name nothing (404). */
const ID = /^[1-9]\d{0,9}$/;
function pathIds(schema: { properties?: Record<string, unknown> }) {
  const names = Object.keys(schema.properties ?? {});
  return (params: Record<string, unknown>) => {
    for (const name of names) {
      const raw = params[name];
      const n = typeof raw === 'string' && ID.test(raw) ? Number(raw) : NaN;
      if (!(n <= MAX_ID))
        return { error: Object.assign(new Error(`${name} is not an id`), { validation: [] }) };
      params[name] = n;
    }
    return { value: params };
  };
}

function validatorFor({ schema, httpPart }: { schema: object; httpPart?: string }) {
  if (httpPart === 'params') return pathIds(schema);
  return (httpPart === 'body' ? strict : coercing).compile(schema);
}

/**
 * The HTTP app: routes over the services, access decided before the body is read, the public
 * rate limit, one error handler, per-route latency metrics. Built without listening, so tests can
 * `inject` or `listen` as they need.
 */
export function buildApp(ctx: AppContext, options: AppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    // One line per request is ours (onResponse below); Fastify's two default lines are off.
    logController: new LogController({ disableRequestLogging: true }),
    // Our own 503 while closing (below), in the contract's error shape.
    return503OnClosing: false,
  });
  app.setValidatorCompiler(validatorFor);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) =>
    reply
      .status(404)
      .send(errorBody('not_found', `no route for ${req.method} ${req.url.split('?')[0] ?? ''}`)),
  );

  // Graceful shutdown: new requests get a 503, and a response finished after close() began
  // tells its client to hang up, so a kept-alive connection does not hold the server open.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (_req, reply, done) => {
    if (!closing) return done();
    void reply.header('connection', 'close');
    done(
      new HttpError(
        503,
        'service_unavailable',
        'the server is shutting down; retry shortly',
        null,
        { 'Retry-After': '1' },
      ),
    );
  });
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  const routeLabels = new Map<string, { route: string; method: string }>();
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const key = `${req.method} ${route}`;
    let labels = routeLabels.get(key);
    if (!labels) routeLabels.set(key, (labels = { route, method: req.method }));
    ctx.metrics.observeRequest(labels, reply.statusCode, reply.elapsedTime / 1000);
    // The line is built only when it is written: this hook runs on every request.
    if (req.log.level === 'debug' || req.log.level === 'trace')
      req.log.debug(
        {
          method: req.method,
          url: loggableUrl(req.url),
          status: reply.statusCode,
          ms: reply.elapsedTime,
        },
        'request completed',
      );
    done();
  });

  const viewSummary = new ViewLogSummary(app.log);
  const stopViewSummary = viewSummary.every(options.viewLogSeconds ?? 60);
  app.addHook('onClose', (_app, done) => {
    stopViewSummary();
    done();
  });

  registerApiDocs(app);
  webRoutes(app, (bookingId, token) => ctx.bookings.specialistOf(bookingId, token));
  installAccessHook(app, ctx.access);
  registerRateLimit(app, options.rateLimitPerMinute ?? 0, ctx.requestCounter);
  // The API routes load as a plugin after the docs and rate-limit plugins, so they see each
  // route; the root's hooks, error and not-found handlers apply inside.
  void app.register((api, _opts, done) => {
    specialistRoutes(api, ctx.specialists);
    scheduleRoutes(api, ctx);
    calendarRoutes(api, ctx, { summary: viewSummary });
    instanceRoutes(api, ctx.instances);
    feedRoutes(api, ctx.feed);
    serviceRoutes(api, ctx);
    bookingRoutes(api, ctx);
    freeBusyRoutes(api, ctx.freeBusy);
    changeRoutes(api, ctx.changeFeed);
    webhookRoutes(api, ctx);
    busyCalendarRoutes(api, ctx);
    operationsRoutes(api, ctx);
    done();
  });
  return app;
}
