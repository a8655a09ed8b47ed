import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request as the receiver saw it, and what `standardwebhooks` said about it. */
export interface Received {
  readonly id: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** `Webhook.verify` accepted it (signature and timestamp within 5 minutes of now). */
  readonly verified: boolean;
  readonly rejection: string | null;
  readonly status: number;
}

/**
 * A webhook endpoint as a user would write one: a real HTTP server that checks each request with
 * the `standardwebhooks` package and answers 2xx only when it verifies. It can be told to fail
 * (an answer, a redirect, silence), and it counts accepted deliveries per `webhook-id` and how
 * many requests for one id were in flight at once.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  /** How the next requests are answered. */
  mode: 'ok' | 'fail' | 'redirect' | 'hang' = 'ok';
  /** Milliseconds before answering (to make overlaps visible). */
  delayMs = 0;
  private secret: Webhook | undefined;
  private rawSecret = '';
  private readonly inFlight = new Map<string, number>();
  maxInFlightPerId = 0;
  private server: Server | undefined;
  private hanging: Array<() => void> = [];
  port = 0;

  /** The `whsec_…` secret of the webhook it receives for. */
  useSecret(secret: string): void {
    this.secret = new Webhook(secret);
    this.rawSecret = secret;
  }

  get secretKey(): string {
    return this.rawSecret;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Listens (on `port`, or a free one). */
  async start(port = this.port): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = String(req.headers['webhook-id'] ?? '');
        this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
        this.maxInFlightPerId = Math.max(this.maxInFlightPerId, this.inFlight.get(id) ?? 0);
        const answer = (status: number, rec: Omit<Received, 'status'>, headers = {}) => {
          this.inFlight.set(id, (this.inFlight.get(id) ?? 1) - 1);
          this.received.push({ ...rec, status });
          res.writeHead(status, headers).end(status < 300 ? 'ok' : 'no');
        };
        const body = Buffer.concat(chunks).toString('utf8');
        const rec = this.check(id, req.headers, body);
        if (this.mode === 'hang') {
          this.hanging.push(() => res.destroy());
          return;
        }
        setTimeout(() => {
          if (this.mode === 'fail') return answer(503, rec);
          if (this.mode === 'redirect')
            return answer(307, rec, { location: `http://127.0.0.1:${this.port}/elsewhere` });
          answer(rec.verified ? 204 : 400, rec);
        }, this.delayMs);
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Stops listening (the port then refuses connections). */
  async stop(): Promise<void> {
    for (const h of this.hanging.splice(0)) h();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Checks a request as a user's endpoint would (also used to replay altered requests). */
  check(id: string, headers: IncomingHttpHeaders, body: string): Omit<Received, 'status'> {
    const flat = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );
    let verified = false;
    let rejection: string | null = null;
    if (this.secret) {
      try {
        this.secret.verify(body, flat);
        verified = true;
      } catch (err) {
        rejection = (err as Error).message;
      }
    } else rejection = 'no secret configured';
    return { id, headers, body, verified, rejection };
  }

  /** Accepted deliveries (2xx) per webhook-id. */
  acceptedPerId(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.received)
      if (r.status < 300) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
    return counts;
  }
}
