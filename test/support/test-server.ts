import { spawn, type ChildProcess } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { fixedClock, type Clock } from '../../src/domain/clock.ts';
import { createContext, type AppContext } from '../../src/context.ts';
import { buildApp } from '../../src/http/app.ts';
import type { ServiceLimits } from '../../src/services/service-limits.ts';
import { createTestDatabase, type DialectName, type TestDatabase } from './databases.ts';

/** "Now" in the suite: Wednesday 2 December 2026, 10:00 UTC. */
export const NOW = Date.parse('2026-12-02T10:00:00Z');

/** A clock a test moves by hand, starting at `startMs`. */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
}

/** A running app on a real port over a fresh real database, and a small JSON client for it. */
export interface TestServer {
  readonly db: TestDatabase;
  readonly ctx: AppContext;
  readonly app: FastifyInstance;
  readonly baseUrl: string;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  readonly body: any;
}

export async function request(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<TestResponse> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(baseUrl + path, init);
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed };
}

export async function startTestServer(
  dialect: DialectName,
  options: {
    now?: number;
    /** A clock the test moves (holds expiring); default: pinned at `now`. */
    clock?: Clock;
    limits?: Partial<ServiceLimits>;
    adminToken?: string;
    rateLimitPerMinute?: number;
  } = {},
): Promise<TestServer> {
  const db = await createTestDatabase(dialect);
  const ctx = createContext(db.storage, {
    clock: options.clock ?? fixedClock(options.now ?? NOW),
    limits: options.limits ?? {},
    defaultMetrics: false,
    adminToken: options.adminToken,
  });
  const app = buildApp(ctx, { rateLimitPerMinute: options.rateLimitPerMinute });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    db,
    ctx,
    app,
    baseUrl,
    request: (method, path, body, headers) => request(baseUrl, method, path, body, headers),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** A real server process (`src/main.ts`), as production runs it, on `port`. */
export async function spawnServer(
  databaseUrl: string,
  port: number,
  env: Record<string, string> = {},
  /** Extra Node.js flags, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeFlags: readonly string[] = [],
): Promise<{ child: ChildProcess; baseUrl: string; output: () => string }> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      // Tests drive hundreds of requests from one address; the limiter has tests of its own.
      RECURRA_RATE_LIMIT: '0',
      // Background pre-warming would add rows the tests did not ask for; its own tests turn it on.
      RECURRA_PREWARM_DAYS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early: ${out}`);
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.ok) return { child, baseUrl, output: () => out };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become healthy: ${out}`);
}

/** Stops a spawned server and waits for it to exit. */
export async function stopServer(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill(signal);
  return exited;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}
