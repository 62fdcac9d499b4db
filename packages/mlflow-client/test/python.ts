/** Runs a Python snippet in a provisioned MLflow venv and parses the JSON it prints last. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInZygote } from './python-zygote.js';

/**
 * A venv's Python, and the warm zygote of it the global setup started (python-zygote.ts), when
 * there is one: snippets then fork from it instead of importing MLflow again.
 */
export type PythonTarget = string | { readonly python: string; readonly zygote?: string };

export async function runPython(target: PythonTarget, code: string, env: Record<string, string> = {}, args: readonly string[] = []): Promise<unknown> {
  const { python, zygote } = typeof target === 'string' ? { python: target, zygote: undefined } : target;
  // A scratch working directory: MLflow 3.x creates `mlflow.db` in the cwd when it falls back to
  // its default tracking store.
  const cwd = mkdtempSync(join(tmpdir(), 'msr-py-cwd-'));
  const { stdout, stderr } = zygote ? await runInZygote(zygote, { code, env, args, cwd }).then((r) => (r.status === 0 ? r : Promise.reject(new Error(`python failed (exit ${r.status})\n${r.stderr.slice(-3000)}`)))) : await execPython(python, code, env, args, cwd);
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`python printed no JSON:\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
  }
}

function execPython(python: string, code: string, env: Record<string, string>, args: readonly string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(python, ['-c', code, ...args], { cwd, env: { ...process.env, PYTHONWARNINGS: 'ignore', ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`python failed: ${error.message}\n${stderr.slice(-3000)}`));
      else resolve({ stdout, stderr });
    });
  });
}
