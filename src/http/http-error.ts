/**
 * A failure that belongs to HTTP itself (a rate limit, an unknown route, a server closing), with
 * its status and the contract's error code. Domain failures are `DomainError`s instead.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}
