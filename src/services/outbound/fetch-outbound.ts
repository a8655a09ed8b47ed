import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

export interface OutboundResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

/** Why an outbound request did not get an answer. */
export class OutboundError extends Error {
  constructor(
    readonly kind: 'timeout' | 'too_large' | 'network' | 'refused',
    message: string,
  ) {
    super(message);
  }
}

/**
 * One HTTP request to a URL outside Recurra: never follows redirects (a 3xx is an answer like any
 * other), gives up after `timeoutMs` for the whole exchange, stops reading past `maxBytes`, and
 * connects only where `lookup` allows (see `TargetGuard.lookup`).
 *
 * @example await fetchOutbound(new URL('https://example.org/hook'), { method: 'POST', body, headers, timeoutMs: 10_000, maxBytes: 65_536, lookup })
 */
export function fetchOutbound(
  url: URL,
  opts: {
    method: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    timeoutMs: number;
    /** Past this many bytes the answer is refused; 0: only the status matters (body discarded). */
    maxBytes: number;
    lookup: LookupFunction;
  },
): Promise<OutboundResponse> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: OutboundError | null, res?: OutboundResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(res as OutboundResponse);
    };
    const req = send(
      url,
      {
        method: opts.method,
        headers: {
          'user-agent': 'Recurra',
          ...(opts.body !== undefined && {
            'content-length': String(Buffer.byteLength(opts.body)),
          }),
          ...opts.headers,
        },
        lookup: opts.lookup,
        agent: false,
      },
      (res) => {
        if (opts.maxBytes === 0) {
          res.resume();
          res.on('error', () => undefined);
          finish(null, { status: res.statusCode ?? 0, headers: {}, body: Buffer.alloc(0) });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) {
            req.destroy();
            finish(
              new OutboundError('too_large', `the answer is larger than ${opts.maxBytes} bytes`),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          finish(null, {
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(
              Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]),
            ),
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', (err) => finish(new OutboundError('network', err.message)));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish(new OutboundError('timeout', `no complete answer within ${opts.timeoutMs} ms`));
    }, opts.timeoutMs);
    req.on('error', (err: Error & { code?: string }) =>
      finish(new OutboundError(err.code === 'EPRIVATE' ? 'refused' : 'network', err.message)),
    );
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
