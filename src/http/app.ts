import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { Ajv } from 'ajv';
import { registerApiDocs } from './api-docs.ts';
import type { AppContext } from './app-context.ts';
import { errorBody, handleError } from './error-handler.ts';
import { calendarRoutes } from './routes/calendar.routes.ts';
import { feedRoutes } from './routes/feed.routes.ts';
import { RateLimiter } from './rate-limiter.ts';
import { installWriteGuard } from './write-guard.ts';
import { instanceRoutes } from './routes/instance.routes.ts';
import { operationsRoutes } from './routes/operations.routes.ts';
import { scheduleRoutes } from './routes/schedule.routes.ts';
import { specialistRoutes } from './routes/specialist.routes.ts';
import { webRoutes } from './routes/web.routes.ts';

export interface AppOptions {
  readonly logger?: FastifyServerOptions['logger'];
  /** Largest accepted request body in bytes. */
  readonly bodyLimit?: number;
  /** RECURRA_ADMIN_TOKEN: when set, writes need a bearer token. */
  readonly adminToken?: string | undefined;
  /** RECURRA_RATE_LIMIT: calendar requests per minute per client; 0 or absent: unlimited. */
  readonly rateLimitPerMinute?: number | undefined;
}

// Path and query strings are text, so ids and booleans there are coerced; a JSON body is typed
// already, and `{"name": 5}` must be refused rather than quietly become "5".
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

function validatorFor({ schema, httpPart }: { schema: object; httpPart?: string }) {
  return (httpPart === 'body' ? strict : coercing).compile(schema);
}

/**
 * The HTTP app: routes over the services, one error handler, and per-route latency metrics.
 * Built without listening, so tests can `inject` or `listen` as they need.
 */
export function buildApp(ctx: AppContext, options: AppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    // One line per request is ours (onResponse below); Fastify's two default lines are off.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.setValidatorCompiler(validatorFor);

  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) =>
    reply
      .status(404)
      .send(errorBody('not_found', `no route for ${req.method} ${req.url.split('?')[0] ?? ''}`)),
  );

  // Graceful shutdown: a response finished after close() began tells its client to hang up, so
  // a kept-alive connection does not hold the server open until its keep-alive timeout.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    ctx.metrics.httpDuration.observe(
      { route, method: req.method, status: String(reply.statusCode) },
      seconds,
    );
    req.log.debug(
      { method: req.method, url: req.url, status: reply.statusCode, ms: reply.elapsedTime },
      'request completed',
    );
    done();
  });

  registerApiDocs(app);
  webRoutes(app);
  installWriteGuard(app, options.adminToken, ctx.repos.specialists);
  const limiter = options.rateLimitPerMinute ? new RateLimiter(options.rateLimitPerMinute) : null;
  // The API routes load as a plugin after the docs plugin, so it sees every one of them; the
  // root's hooks, error and not-found handlers apply inside.
  void app.register((api, _opts, done) => {
    specialistRoutes(api, ctx);
    scheduleRoutes(api, ctx);
    calendarRoutes(api, ctx, limiter);
    instanceRoutes(api, ctx);
    feedRoutes(api, ctx);
    operationsRoutes(api, ctx);
    done();
  });
  return app;
}
