import { Agent, request } from 'node:http';

/** One answer as the latency scenario reads it. */
export interface PlainResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * A minimal HTTP/1.1 client over one kept-alive connection: what a browser revisiting a page
 * does, without `fetch`'s per-request cost on the client side (which would hide the server's).
 */
export function keepAliveClient(baseUrl: string) {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    get(path: string, headers: Record<string, string> = {}): Promise<PlainResponse> {
      return new Promise((resolve, reject) => {
        const req = request(
          { host: url.hostname, port: url.port, path, method: 'GET', headers, agent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks).toString('utf8'),
              }),
            );
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end();
      });
    },
    close: () => agent.destroy(),
  };
}
