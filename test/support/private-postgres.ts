import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL server of our own (initdb in a temp folder, its own port), so a fault test can
 * stop and restart it without disturbing the shared server other tests use. Runs the machine's
 * PostgreSQL binaries as the `postgres` user when we are root.
 */
export class PrivatePostgres {
  readonly dir: string;
  readonly url: string;
  private readonly bin: string;

  constructor(readonly port: number) {
    const versions = readdirSync('/usr/lib/postgresql').sort();
    this.bin = join('/usr/lib/postgresql', versions[versions.length - 1] ?? '15', 'bin');
    this.dir = mkdtempSync(join(tmpdir(), 'recurra-pg-'));
    chmodSync(this.dir, 0o777);
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  private run(tool: string, args: string[]): void {
    const asRoot = process.getuid?.() === 0;
    const cmd = asRoot ? 'runuser' : join(this.bin, tool);
    const full = asRoot ? ['-u', 'postgres', '--', join(this.bin, tool), ...args] : args;
    execFileSync(cmd, full, { stdio: 'pipe', timeout: 60_000 });
  }

  init(): void {
    this.run('initdb', [
      '-D',
      join(this.dir, 'data'),
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
    ]);
  }

  start(): void {
    this.run('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-l',
      join(this.dir, 'log'),
      '-w',
      'start',
    ]);
  }

  stop(): void {
    this.run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  destroy(): void {
    try {
      if (existsSync(join(this.dir, 'data', 'postmaster.pid'))) this.stop();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
