import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** What the feed server saw of one request. */
export interface SeenRequest {
  readonly path: string;
  readonly ifNoneMatch: string | undefined;
  readonly ifModifiedSince: string | undefined;
}

export type FeedAnswer = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * A real HTTP server on 127.0.0.1 that plays the calendar providers: each path answers as the
 * test sets it, and every request is recorded (path and conditional headers).
 */
export interface FeedServer {
  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string;
  /** Sets what `path` answers from now on. */
  answer(path: string, answer: FeedAnswer): void;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const answers = new Map<string, FeedAnswer>();
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({
      path,
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
    });
    const answer = answers.get(path);
    if (answer) answer(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    answer: (path, answer) => answers.set(path, answer),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Answers with a calendar and validators, and 304 to a request that sends them back.
 *
 * @example feeds.answer('/work.ics', calendar(text, { etag: '"v1"', lastModified: 'Tue, 01 Dec 2026 08:00:00 GMT' }))
 */
export function calendar(
  text: string,
  validators: { etag?: string; lastModified?: string } = {},
): FeedAnswer {
  return (req, res) => {
    const fresh =
      (validators.etag !== undefined && req.headers['if-none-match'] === validators.etag) ||
      (validators.lastModified !== undefined &&
        req.headers['if-modified-since'] === validators.lastModified);
    const headers: Record<string, string> = {};
    if (validators.etag) headers.etag = validators.etag;
    if (validators.lastModified) headers['last-modified'] = validators.lastModified;
    if (fresh) return void res.writeHead(304, headers).end();
    res.writeHead(200, { ...headers, 'content-type': 'text/calendar; charset=utf-8' }).end(text);
  };
}

/** Answers with a status and a short body, e.g. a 500 error page. */
export function status(code: number, body = 'upstream trouble'): FeedAnswer {
  return (_req, res) => void res.writeHead(code, { 'content-type': 'text/plain' }).end(body);
}

/** Answers 301 to `location` (which a busy-calendar fetch must not follow). */
export function redirect(location: string): FeedAnswer {
  return (_req, res) => void res.writeHead(301, { location }).end();
}

/**
 * Streams `totalBytes` of an endless-looking calendar in 64 KB chunks, honouring backpressure, so
 * nothing near the total is ever held in memory; `sent()` tells how much went out before the
 * client hung up.
 */
export function hugeCalendar(totalBytes: number): { answer: FeedAnswer; sent: () => number } {
  let sent = 0;
  const event = [
    'BEGIN:VEVENT',
    'UID:filler@example.org',
    'DTSTART:20270101T090000Z',
    'DTEND:20270101T100000Z',
    'SUMMARY:filler',
    'END:VEVENT',
    '',
  ].join('\r\n');
  const chunk = Buffer.from(event.repeat(Math.ceil(65_536 / event.length)).slice(0, 65_536));
  const answer: FeedAnswer = (_req, res) => {
    // Chunked, like a generated feed: no Content-Length to refuse it by before reading.
    res.writeHead(200, { 'content-type': 'text/calendar' });
    res.write('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n');
    const pump = () => {
      while (sent < totalBytes && !res.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
        sent += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
  return { answer, sent: () => sent };
}
