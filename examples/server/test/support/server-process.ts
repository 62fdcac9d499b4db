/**
 * Server processes for fault tests: `src/main.ts` started as a real child process on a free
 * port, over a copy of the trained test pipeline, with an admin session helper over real HTTP.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, inject } from 'vitest';
import { freePort, waitForStatus } from './free-port.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
export const ADMIN_PASSWORD = 'Adm1n-password';

/** A running `main.ts`. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything it printed so far. */
  log: { text: string };
  exited: Promise<number | null>;
}

/**
 * The environment that points a server at the test pipeline's files under `dir` (`inputs/` as
 * the template lays them out, the pipeline root `pipeline/`, the drop folder `new/`), with its
 * database and params file where the caller wants them, and the scheduler off.
 */
export function pipelineEnv(dir: string, files: { database: string; params: string }): Record<string, string> {
  return {
    MSR_DATABASE_URL: `file:${files.database}`,
    MSR_PARAMS_PATH: files.params,
    MSR_PIPELINE_ROOT: join(dir, 'pipeline'),
    MSR_DATASET: join(dir, 'inputs', 'dataset.csv'),
    MSR_PIPELINE_CONFIG: join(dir, 'inputs', 'config.yaml'),
    MSR_PLAYLISTS_PATH: join(dir, 'inputs', 'playlists.json'),
    MSR_FEED_DROP_FOLDER: join(dir, 'new'),
    MSR_SCHEDULER: 'false',
  };
}

/** Copies the trained test pipeline into `dir` (once) and returns the environment that points a server at it. */
export function serverWorkspace(dir: string, database: string): Record<string, string> {
  cpSync(inject('serverPipelineTemplate'), dir, { recursive: true, force: false, errorOnExist: false });
  return {
    ...pipelineEnv(dir, { database, params: join(dir, 'server-params.yaml') }),
    MSR_ADMIN_PASSWORD: ADMIN_PASSWORD,
    MSR_RATE_LIMITS: 'false',
    MSR_LOG_LEVEL: 'info',
  };
}

/** Starts `main.ts` with `env` and waits until `/readyz` answers `readyStatus`. */
export async function startServerProcess(env: Record<string, string>, options: { readyStatus?: number; timeoutMs?: number } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--conditions=@msr/source', '--import', import.meta.resolve('tsx'), MAIN], {
    env: { ...process.env, MSR_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = { text: '' };
  child.stdout!.on('data', (d: Buffer) => (log.text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log.text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForStatus(`${url}/readyz`, options.readyStatus ?? 200, options.timeoutMs ?? 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${log.text}`);
  }
  return { url, child, log, exited };
}

/**
 * For a test file whose tests each start one server process over a fresh workspace (a copy of the
 * trained test pipeline in a temp folder, {@link serverWorkspace}): after each test the process
 * is stopped and the folder removed. Call once at the top of the file.
 */
export function serverProcesses(prefix: string): { workspace(): { dir: string; env: Record<string, string> }; start(env: Record<string, string>): Promise<ServerProcess> } {
  const running: ServerProcess[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const server of running.splice(0)) {
      if (server.child.exitCode !== null) continue;
      server.child.kill('SIGTERM');
      await server.exited;
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    workspace: () => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return { dir, env: serverWorkspace(dir, join(dir, 'server.db')) };
    },
    start: async (env) => {
      const server = await startServerProcess(env);
      running.push(server);
      return server;
    },
  };
}

/** Logs in as the admin over HTTP; returns a JSON caller of `/api/admin/*`. */
export async function adminApi(url: string): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
  const login = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  if (login.status !== 200) throw new Error(`admin login: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return (path, init = {}) => fetch(`${url}/api/admin${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...init.headers } });
}

/** A retrain job as `GET /api/admin/retrain/:id` shows it (the fields tests read). */
export interface RetrainJobView {
  id: string;
  status: string;
  error?: string;
  result?: { bundle?: { version: string } | null } | null;
}

/** Starts a retrain through `api` ({@link adminApi}) and waits until it ends; returns the ended job. */
export async function retrainToEnd(api: (path: string, init?: RequestInit) => Promise<Response>, origin: string, timeoutMs = 150_000): Promise<RetrainJobView> {
  const started = await api('/retrain', { method: 'POST', body: '{}', headers: { origin } });
  if (started.status !== 202) throw new Error(`POST /api/admin/retrain: ${started.status} ${await started.text()}`);
  const { job } = (await started.json()) as { job: RetrainJobView };
  const ended = async (): Promise<RetrainJobView | undefined> => {
    const now = ((await (await api(`/retrain/${job.id}`)).json()) as { job: RetrainJobView }).job;
    return now.status === 'running' || now.status === 'queued' ? undefined : now;
  };
  return (await within(timeoutMs, ended, `retrain job ${job.id} ends`)).value;
}

/** Process ids of the children of `pid` (Linux `ps`). */
export function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

/** Whether process `pid` is alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `probe` until it returns a value or `timeoutMs` passes; returns the value and the time it took. */
export async function within<T>(timeoutMs: number, probe: () => Promise<T | undefined>, what: string): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  let last: unknown;
  while (Date.now() - started < timeoutMs) {
    try {
      const value = await probe();
      if (value !== undefined) return { value, ms: Date.now() - started };
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
}
