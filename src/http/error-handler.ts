import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorCode } from '../domain/errors.ts';
import { HttpError } from './http-error.ts';

const STATUS: Record<DomainErrorCode, number> = {
  validation_error: 400,
  range_too_large: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  slot_unavailable: 409,
  has_bookings: 409,
  idempotency_mismatch: 422,
  cursor_expired: 410,
  service_unavailable: 503,
};

/** Fastify's own client errors, by its error code → status, our code and a sentence for people. */
const FASTIFY_ERRORS: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'the request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'unsupported_media_type',
    'send the body as application/json',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'validation_error', 'the JSON body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'validation_error', 'the body is not valid JSON'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    'validation_error',
    'the Content-Length does not match the body',
  ],
  FST_ERR_CTP_INVALID_CONTENT_TYPE: [415, 'unsupported_media_type', 'the Content-Type is invalid'],
};

/** The contract's error body: always `code`, `message` and `details` (null when nothing to add). */
export function errorBody(code: string, message: string, details: unknown = null) {
  return { error: { code, message, details } };
}

/** Turns an ajv keyword failure into a sentence without regexes or schema jargon. */
function describeProblem(v: { keyword?: string; message?: string; params?: unknown }): string {
  const params = (v.params ?? {}) as Record<string, unknown>;
  switch (v.keyword) {
    case 'pattern':
      return 'contains a character that is not allowed';
    case 'type':
      return `must be ${String(params.type)}`;
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters`;
    case 'minLength':
      return Number(params.limit) === 1
        ? 'must not be empty'
        : `must be at least ${String(params.limit)} characters`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[] | undefined)?.join(', ') ?? 'the listed values'}`;
    default:
      return v.message ?? 'is invalid';
  }
}

/**
 * The one place errors become responses: domain errors by their code, HTTP errors by their
 * status, schema failures as `validation_error` naming the field (a malformed id in a path is a
 * 404: no such resource), Fastify's client errors by their code, anything else a logged 500.
 */
export function handleError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error instanceof DomainError) {
    if (error.code === 'service_unavailable') {
      request.log.warn({ err: error.cause ?? error }, 'database unavailable');
      void reply.header('Retry-After', '1');
    }
    return reply
      .status(STATUS[error.code])
      .send(errorBody(error.code, error.message, error.details));
  }
  if (error instanceof HttpError) {
    for (const [k, v] of Object.entries(error.headers)) void reply.header(k, v);
    return reply.status(error.status).send(errorBody(error.code, error.message, error.details));
  }
  if (error.validation) {
    if (error.validationContext === 'params')
      return reply
        .status(404)
        .send(errorBody('not_found', 'no such resource: the id in the path is not one', null));
    const first = error.validation[0];
    const where = error.validationContext ?? 'request';
    const params = (first?.params ?? {}) as {
      missingProperty?: string;
      additionalProperty?: string;
    };
    const path = first?.instancePath
      ? first.instancePath.replace(/^\//, '').replace(/\//g, '.')
      : '';
    const name = params.missingProperty ?? params.additionalProperty ?? '';
    const field = [where === 'body' ? '' : where, path, name].filter(Boolean).join('.');
    return reply.status(400).send(
      errorBody('validation_error', `${field || where} ${describeProblem(first ?? {})}`, {
        field,
        problems: error.validation.map((v) => ({
          field: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
          problem: describeProblem(v),
        })),
      }),
    );
  }
  const known = error.code ? FASTIFY_ERRORS[error.code] : undefined;
  if (known) return reply.status(known[0]).send(errorBody(known[1], known[2]));
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return reply
      .status(error.statusCode)
      .send(errorBody('bad_request', 'the request is malformed'));
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send(errorBody('internal_error', 'an unexpected error occurred'));
}
