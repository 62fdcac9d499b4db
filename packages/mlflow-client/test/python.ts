/** Runs a Python snippet in a provisioned MLflow venv and parses the JSON it prints last. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function runPython(python: string, code: string, env: Record<string, string> = {}, args: readonly string[] = []): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(
      python,
      ['-c', code, ...args],
      // A scratch working directory: MLflow 3.x creates `mlflow.db` in the cwd when it falls back to
      // its default tracking store.
      { cwd: mkdtempSync(join(tmpdir(), 'msr-py-cwd-')), env: { ...process.env, PYTHONWARNINGS: 'ignore', ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`python failed: ${error.message}\n${stderr.slice(-3000)}`));
          return;
        }
        const last = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve(JSON.parse(last));
        } catch {
          reject(new Error(`python printed no JSON:\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
        }
      },
    );
  });
}
