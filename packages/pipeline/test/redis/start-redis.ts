/**
 * Starts Debian's `redis-server` for tests: on 127.0.0.1, a free port, a throw-away directory,
 * no persistence (`--save '' --appendonly no`), in the foreground as our child (never a system
 * service). `.ci/run` installs the package; locally, `MSR_REDIS_SERVER` may name the binary.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../mlflow-client/test/mlflow-server/provision.js';

export interface RunningRedis {
  url: string;
  port: number;
  /** Its data directory. */
  dir: string;
  /** Stops the server (SIGTERM, or SIGKILL for a crash) and, unless `keepDir`, removes its directory. */
  stop(options?: { signal?: 'SIGTERM' | 'SIGKILL'; keepDir?: boolean }): Promise<void>;
}

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  timeoutMs?: number;
  /** A fixed port (to restart a server where it was). @default a free one */
  port?: number;
  /** The data directory (to restart a server on its data). @default a new temporary one */
  dir?: string;
  /** Persist with an append-only file (`appendonly yes`, fsync every write). @default false */
  persist?: boolean;
}

/** The `redis-server` binary, or `undefined` when there is none. */
export async function findRedisServer(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const candidates = [env['MSR_REDIS_SERVER'], '/usr/bin/redis-server', '/usr/local/bin/redis-server'].filter((c): c is string => !!c);
  for (const candidate of candidates) {
    try {
      await access(candidate);
      return candidate;
    } catch {
      // next
    }
  }
  return undefined;
}

async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Starts a server; rejects with its output when it does not answer within `timeoutMs`. */
export async function startRedis(bin: string, options: StartRedisOptions = {}): Promise<RunningRedis> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'msr-redis-')));
  const persistence = options.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort());
    const child: ChildProcess = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    let exited = false;
    child.once('exit', () => (exited = true));
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    while (Date.now() < deadline && !exited) {
      if (await ping(port)) {
        return {
          url: `redis://127.0.0.1:${port}`,
          port,
          dir,
          stop: async ({ signal = 'SIGTERM', keepDir = false } = {}) => {
            if (!exited) {
              const gone = new Promise((r) => child.once('exit', r));
              child.kill(signal);
              await gone;
            }
            if (!keepDir) await rm(dir, { recursive: true, force: true });
          },
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    lastError = new Error(`redis-server on port ${port} did not answer: ${output.trim().split('\n').slice(-3).join(' | ') || (exited ? 'it exited' : 'timeout')}`);
  }
  if (options.dir === undefined) await rm(dir, { recursive: true, force: true });
  throw lastError!;
}
