import { DomainError } from '../domain/errors.ts';
import { SECOND_MS } from '../domain/time/durations.ts';
import { fetchOutbound, OutboundError } from './outbound/fetch-outbound.ts';
import type { TargetGuard } from './outbound/target-guard.ts';

/** The contract's bounds on one busy-calendar fetch. */
export const BUSY_FETCH_TIMEOUT_MS = 10 * SECOND_MS;
export const BUSY_FETCH_MAX_BYTES = 5 * 1024 * 1024;

/** The validators of the last good fetch, sent back as `If-None-Match` / `If-Modified-Since`. */
export interface FeedValidators {
  readonly etag: string | null;
  readonly lastModified: string | null;
}

/** What one fetch of a busy calendar's URL gave. */
export type FeedFetch =
  | {
      readonly kind: 'modified';
      readonly text: string;
      readonly etag: string | null;
      readonly lastModified: string | null;
    }
  | { readonly kind: 'not_modified'; readonly etag: string | null }
  /** `status` is the short sentence `last_status` records, e.g. `error: HTTP 500`. */
  | { readonly kind: 'failed'; readonly status: string };

/** Longest `last_status` text: a sentence, never a whole error page. */
const MAX_STATUS = 300;

/** `error: …`, cut to a length a status column and a CLI line can show. */
export function errorStatus(reason: string): string {
  const text = `error: ${reason.replace(/\s+/g, ' ').trim()}`;
  return text.length > MAX_STATUS ? `${text.slice(0, MAX_STATUS - 1)}…` : text;
}

/**
 * GETs a busy calendar's URL: conditional on the stored validators, within 10 s, at most 5 MB,
 * never following a redirect, never reaching a private address unless the guard allows it (the
 * URL is checked again here: a literal IP address never passes through the connect-time lookup).
 * Never throws for anything the far side does: every failure is a `failed` with its status text.
 *
 * @example
 * await fetchBusyFeed(new URL('https://calendar.example.org/me.ics'), { etag: '"v1"', lastModified: null }, guard)
 * // { kind: 'not_modified', etag: '"v1"' } when the server answers 304
 */
export async function fetchBusyFeed(
  url: string,
  validators: FeedValidators,
  guard: TargetGuard,
): Promise<FeedFetch> {
  let target: URL;
  try {
    target = await guard.check(url, 'url');
  } catch (err) {
    if (err instanceof DomainError) return { kind: 'failed', status: errorStatus(err.message) };
    throw err;
  }
  const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5' };
  if (validators.etag) headers['if-none-match'] = validators.etag;
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
  try {
    const res = await fetchOutbound(target, {
      method: 'GET',
      headers,
      timeoutMs: BUSY_FETCH_TIMEOUT_MS,
      maxBytes: BUSY_FETCH_MAX_BYTES,
      lookup: guard.lookup(),
    });
    const etag = res.headers.etag ?? null;
    if (res.status === 304) return { kind: 'not_modified', etag: etag ?? validators.etag };
    if (res.status >= 300 && res.status < 400)
      return {
        kind: 'failed',
        status: errorStatus(`HTTP ${res.status} (redirects are not followed)`),
      };
    if (res.status !== 200) return { kind: 'failed', status: errorStatus(`HTTP ${res.status}`) };
    return {
      kind: 'modified',
      text: res.body.toString('utf8'),
      etag,
      lastModified: res.headers['last-modified'] ?? null,
    };
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    return { kind: 'failed', status: errorStatus(outboundReason(err)) };
  }
}

function outboundReason(err: OutboundError): string {
  switch (err.kind) {
    case 'too_large':
      return `larger than ${BUSY_FETCH_MAX_BYTES / 1024 / 1024} MB`;
    case 'timeout':
      return `no complete answer within ${BUSY_FETCH_TIMEOUT_MS / SECOND_MS} s`;
    case 'refused':
      return err.message;
    case 'network':
      return `connection failed: ${err.message}`;
  }
}
