/**
 * Every failure the domain can name. The HTTP edge maps each code to a status and the contract's
 * error body (`{"error": {"code", "message", "details"}}`); nothing below HTTP knows statuses.
 */
export type DomainErrorCode =
  | 'validation_error'
  | 'range_too_large'
  | 'not_found'
  | 'conflict'
  | 'slot_unavailable'
  | 'has_bookings'
  | 'idempotency_mismatch'
  | 'cursor_expired'
  | 'unauthorized'
  | 'forbidden'
  | 'service_unavailable';

/**
 * A typed, expected failure carrying a closed `code`, a human sentence and the offending value.
 *
 * @example
 * throw new DomainError('validation_error', 'INTERVAL must be a positive integer', { field: 'recurrence_rule', value: 'INTERVAL=0' });
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: unknown = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Shorthand for the most common error: a value the client sent that we cannot accept. */
export function invalid(message: string, details: unknown = null): DomainError {
  return new DomainError('validation_error', message, details);
}

/** Shorthand for a missing resource, e.g. `notFound('specialist', 7)`. */
export function notFound(kind: string, id: number | string): DomainError {
  return new DomainError('not_found', `${kind} ${id} does not exist`, { kind, id });
}
