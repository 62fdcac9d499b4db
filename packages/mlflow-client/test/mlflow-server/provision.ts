/**
 * Provisions real MLflow tracking servers for the tests and the benchmark: a venv per pinned
 * MLflow version under the repo's git-ignored `.cache/` (created once, reused while its
 * requirements file is unchanged), a pre-migrated SQLite template so a server starts in seconds,
 * and `mlflow server` on 127.0.0.1 with a fresh database and artifact folder per start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (packages/mlflow-client/test/mlflow-server → ../../../..). */
export const REPO_ROOT = join(here, '..', '..', '..', '..');

/** The MLflow versions the tests run against: the current 3.x and the last 2.x (DagsHub runs 2.x). */
export const MLFLOW_VERSIONS = { v3: '3.17.2', v2: '2.22.5' } as const;

/** A provisioned venv. */
export interface MlflowVenv {
  readonly version: string;
  readonly dir: string;
  readonly python: string;
  /** True when this call created it (a cold install). */
  readonly created: boolean;
  /** Seconds spent (installing, or checking the cache). */
  readonly seconds: number;
}

/** A running server. */
export interface RunningServer {
  readonly version: string;
  readonly url: string;
  readonly dir: string;
  readonly python: string;
  /** Seconds from spawn to a 200 on `/health`. */
  readonly startSeconds: number;
  stop(): Promise<void>;
}

function run(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; log?: string } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${tail}`))));
  });
}

/** Finds a Python 3 interpreter with `venv`; `undefined` when there is none. */
export async function findPython(): Promise<string | undefined> {
  for (const candidate of [process.env['MSR_PYTHON'], 'python3', 'python'].filter((c): c is string => !!c)) {
    try {
      await run(candidate, ['-c', 'import sys, venv, ensurepip; assert sys.version_info >= (3, 10)']);
      return candidate;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}

/** Creates (or reuses) the venv for `version`, keyed by its requirements file and the Python version. */
export async function ensureVenv(python: string, version: string): Promise<MlflowVenv> {
  const started = performance.now();
  const requirements = join(here, `requirements-mlflow-${version}.txt`);
  const lock = await readFile(requirements, 'utf8');
  const pyVersion = await new Promise<string>((resolve, reject) => {
    const child = spawn(python, ['-c', 'import sys; print(sys.version.split()[0])']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out.trim()));
  });
  const key = createHash('sha256').update(lock).update(pyVersion).digest('hex').slice(0, 10);
  const dir = join(REPO_ROOT, '.cache', `mlflow-venv-${version}-${key}`);
  const venvPython = join(dir, 'bin', 'python');
  const ready = join(dir, '.ready');
  if (existsSync(ready)) return { version, dir, python: venvPython, created: false, seconds: (performance.now() - started) / 1000 };
  await mkdir(dirname(dir), { recursive: true });
  // Another test run may be installing the same venv: wait for its lock rather than race it.
  const release = await acquireLock(`${dir}.lock`);
  try {
    if (existsSync(ready)) return { version, dir, python: venvPython, created: false, seconds: (performance.now() - started) / 1000 };
    await install(python, dir, venvPython, requirements);
    await writeFile(ready, `${new Date().toISOString()}\n`);
  } finally {
    await release();
  }
  return { version, dir, python: venvPython, created: true, seconds: (performance.now() - started) / 1000 };
}

/** Waits for and takes a lock folder (another test run may be installing the same venv); resolves with its release. */
export async function acquireLock(lock: string): Promise<() => Promise<void>> {
  const staleMs = 20 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      return () => rm(lock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > staleMs) await rm(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function install(python: string, dir: string, venvPython: string, requirements: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await run(python, ['-m', 'venv', dir]);
  const pipEnv = { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1' };
  await run(venvPython, ['-m', 'pip', 'install', '--quiet', '-r', requirements], { env: pipEnv });
  // A migrated, empty database to copy per server start: migrating a fresh SQLite file takes
  // 10–30 s, copying this one takes milliseconds.
  await run(
    venvPython,
    [
      '-c',
      'import sys; from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore; SqlAlchemyStore("sqlite:///" + sys.argv[1], sys.argv[2])',
      join(dir, 'template.db'),
      join(dir, 'template-artifacts'),
    ],
    { env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false' } },
  );
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mlflow server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`mlflow server at ${url} not healthy after ${timeoutMs} ms`);
}

/** Starts `mlflow server` from `venv` on a free port with a fresh database and artifact root. */
export async function startServer(venv: MlflowVenv, options: { workers?: number; timeoutMs?: number } = {}): Promise<RunningServer> {
  const dir = await mkdtemp(join(tmpdir(), `msr-mlflow-${venv.version}-`));
  await copyFile(join(venv.dir, 'template.db'), join(dir, 'mlflow.db'));
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const log = join(dir, `server-${port}.log`);
    const out = createWriteStream(log);
    const started = performance.now();
    // `python -m mlflow`, not the `bin/mlflow` script: a venv's scripts carry the absolute path of
    // the venv they were made in, so a cache reached through another path (a moved or symlinked
    // `.cache`) would start nothing. MLflow itself starts gunicorn/uvicorn with `sys.executable -m`.
    const child = spawn(
      venv.python,
      [
        '-m',
        'mlflow',
        'server',
        '--backend-store-uri', `sqlite:///${join(dir, 'mlflow.db')}`,
        '--artifacts-destination', join(dir, 'artifacts'),
        '--host', '127.0.0.1',
        '--port', String(port),
        '--workers', String(options.workers ?? 1),
        // uvicorn (3.x) drops an idle keep-alive connection after 5 s, undici after 4 s: on a
        // loaded machine undici's timer fires late and a request goes out on a connection the
        // server is closing ("other side closed", issue 19). The server outlasts the client's
        // pool. (2.x serves with gunicorn's sync workers, which close every connection.)
        ...(venv.version.startsWith('2.') ? [] : ['--uvicorn-opts', '--timeout-keep-alive 120']),
      ],
      {
        // Own process group, so stopping it also stops uvicorn/gunicorn workers.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false', PYTHONUNBUFFERED: '1' },
      },
    );
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    const stop = async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-(child.pid as number), 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    };
    try {
      await waitForHealth(url, child, options.timeoutMs ?? 120_000);
      return {
        version: venv.version,
        url,
        dir,
        python: venv.python,
        startSeconds: (performance.now() - started) / 1000,
        stop: async () => {
          await stop();
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await stop();
      const tail = (await readFile(log, 'utf8').catch(() => '')).slice(-3000);
      lastError = new Error(`${(error as Error).message}\n--- server log ---\n${tail}`);
    }
  }
  throw lastError;
}
