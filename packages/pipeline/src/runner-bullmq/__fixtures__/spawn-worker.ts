/**
 * `msr worker` as a real child process (from source through tsx), for the BullMQ runner's
 * multi-process tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

export interface SpawnedWorker {
  child: ChildProcess;
  /** Everything it wrote to stderr so far (its log). */
  log(): string;
  /** Resolves when a log line matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code or signal when it exits. */
  exited: Promise<number | NodeJS.Signals | null>;
}

export async function spawnWorker(args: string[], env: NodeJS.ProcessEnv = {}): Promise<SpawnedWorker> {
  const child = spawn(process.execPath, ['--conditions=@msr/source', '--import', 'tsx', bin, 'worker', ...args], {
    cwd: repoRoot,
    env: { ...process.env, MSR_CI: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer): void => {
    log += d.toString();
    for (const w of waiters) w();
  };
  child.stderr!.on('data', onData);
  child.stdout!.on('data', onData);
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const waitFor = (pattern: RegExp, timeoutMs = 60_000): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const match = pattern.exec(log);
        if (match) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(match[0]);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`worker log never matched ${pattern}; log:\n${log.slice(-2000)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
      void exited.then(() => {
        if (waiters.has(check)) {
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`worker exited before its log matched ${pattern}; log:\n${log.slice(-2000)}`));
        }
      });
    });
  const worker: SpawnedWorker = { child, log: () => log, waitFor, exited };
  await waitFor(/ready on |"type":"ready"/);
  return worker;
}

/** Stops a worker gracefully (SIGTERM) and waits for it. */
export async function stopWorker(worker: SpawnedWorker): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill('SIGTERM');
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), 15_000);
  await worker.exited;
  clearTimeout(timer);
}
