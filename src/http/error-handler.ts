import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorCode } from '../domain/errors.ts';

const STATUS: Record<DomainErrorCode, number> = {
  validation_error: 400,
  range_too_large: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  service_unavailable: 503,
};

/** Fastify's own client errors, by its error code → our code and status. */
const FASTIFY_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'validation_error'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'validation_error'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'validation_error'],
};

/** Errors that mean "the database is not reachable right now", not "this request is bad". */
const UNAVAILABLE =
  /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|57P01|57P03|SQLITE_BUSY|database is locked|the database system is (starting|shutting) up/i;

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/**
 * The one place errors become responses: domain errors by their code, schema failures as
 * `validation_error` naming the field, a lost database as 503, anything else a logged 500.
 */
export function handleError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof DomainError) {
    return reply
      .status(STATUS[error.code])
      .send(errorBody(error.code, error.message, error.details));
  }
  if (error.validation) {
    const first = error.validation[0];
    const where = error.validationContext ?? 'request';
    const path = first?.instancePath
      ? first.instancePath.replace(/^\//, '').replace(/\//g, '.')
      : '';
    const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const extra = (first?.params as { additionalProperty?: string } | undefined)
      ?.additionalProperty;
    const field = [where === 'body' ? '' : where, path, missing ?? extra ?? '']
      .filter(Boolean)
      .join('.');
    const message = extra
      ? `${field} is not a known field`
      : `${field || where} ${first?.message ?? 'is invalid'}`;
    return reply.status(400).send(
      errorBody('validation_error', message, {
        field,
        problems: error.validation.map((v) => ({ path: v.instancePath, message: v.message })),
      }),
    );
  }
  const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
  if (known) return reply.status(known[0]).send(errorBody(known[1], error.message));
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return reply.status(error.statusCode).send(errorBody('bad_request', error.message));
  }
  const text = `${error.message} ${(error as { code?: string }).code ?? ''}`;
  if (UNAVAILABLE.test(text)) {
    request.log.warn({ err: error }, 'database unavailable');
    return reply
      .status(503)
      .header('Retry-After', '1')
      .send(errorBody('service_unavailable', 'the database is unavailable; retry shortly'));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send(errorBody('internal_error', 'an unexpected error occurred'));
}
