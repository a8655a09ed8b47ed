import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * While the server shuts down, a request that still reaches it (its connection was already busy
 * when the shutdown began) is answered 503 in the contract's error shape, not Fastify's own.
 */
describe('a request that arrives while the server closes', () => {
  let server: TestServer | undefined;
  afterAll(async () => server?.db.drop());

  it('gets 503 service_unavailable with code, message and details, and is told to hang up', async () => {
    server = await startTestServer('sqlite');
    const port = Number(new URL(server.baseUrl).port);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        // Half a request: the connection is busy, so the shutdown does not drop it.
        socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
        setTimeout(() => {
          void server?.app.close();
          setTimeout(() => socket.write('\r\n'), 50);
        }, 50);
      });
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 503/);
    expect(raw).toMatch(/connection: close/i);
    expect(raw).toMatch(/retry-after: 1/i);
    expect(JSON.parse(raw.slice(raw.indexOf('{')))).toEqual({
      error: {
        code: 'service_unavailable',
        message: 'the server is shutting down; retry shortly',
        details: null,
      },
    });
  }, 30_000);
});
