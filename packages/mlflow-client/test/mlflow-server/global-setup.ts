/**
 * Vitest global setup of the mlflow-client project: provisions MLflow 3.x and 2.x venvs (cached
 * under `.cache/`), starts one server of each for the whole run, hands their URLs to the tests
 * with `provide`, and stops them afterwards. Without Python the server tests skip with the
 * reason; with `MSR_CI=1` (set by `.ci/run`) that is a failure instead.
 */
import type { TestProject } from 'vitest/node';
import { startPythonZygote, type PythonZygote } from '../python-zygote.js';
import { MLFLOW_VERSIONS, ensureVenv, findPython, startServer, type RunningServer } from './provision.js';

/** What the tests receive about one server. */
export interface ProvidedServer {
  readonly url: string;
  readonly version: string;
  /** The venv's Python, with `mlflow` importable. */
  readonly python: string;
  /** The socket of a warm Python of that venv (../python-zygote.ts), for `runPython`. */
  readonly zygote?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    mlflowServers: { readonly v3?: ProvidedServer; readonly v2?: ProvidedServer; readonly skipReason?: string };
  }
}

function report(line: string): void {
  // Provisioning time is part of what this setup reports (cold vs warm); tests stay silent.
  process.stderr.write(`[mlflow-setup] ${line}\n`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const strict = process.env['MSR_CI'] === '1';
  const python = await findPython();
  if (!python) {
    const reason = 'no Python ≥ 3.10 with venv found (set MSR_PYTHON or install python3-venv)';
    if (strict) throw new Error(`MSR_CI=1: the MLflow server tests cannot be skipped: ${reason}`);
    report(`skipping MLflow server tests: ${reason}`);
    project.provide('mlflowServers', { skipReason: reason });
    return async () => {};
  }
  const servers: RunningServer[] = [];
  const zygotes: PythonZygote[] = [];
  try {
    const t0 = performance.now();
    const [v3, v2] = await Promise.all([ensureVenv(python, MLFLOW_VERSIONS.v3), ensureVenv(python, MLFLOW_VERSIONS.v2)]);
    for (const v of [v3, v2]) report(`venv mlflow ${v.version}: ${v.created ? 'installed (cold)' : 'cached (warm)'} in ${v.seconds.toFixed(1)} s`);
    const [s3, s2, z3, z2] = await Promise.all([startServer(v3), startServer(v2), startPythonZygote(v3.python), startPythonZygote(v2.python)]);
    servers.push(s3, s2);
    zygotes.push(z3, z2);
    for (const s of servers) report(`server mlflow ${s.version} at ${s.url}: healthy after ${s.startSeconds.toFixed(1)} s`);
    report(`provisioning total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    project.provide('mlflowServers', {
      v3: { url: s3.url, version: s3.version, python: s3.python, zygote: z3.socket },
      v2: { url: s2.url, version: s2.version, python: s2.python, zygote: z2.socket },
    });
  } catch (error) {
    await Promise.all([...servers, ...zygotes].map((s) => s.stop()));
    if (strict) throw error;
    const reason = `MLflow could not be provisioned: ${(error as Error).message.split('\n')[0]}`;
    report(`skipping MLflow server tests: ${reason}`);
    project.provide('mlflowServers', { skipReason: reason });
    return async () => {};
  }
  return async () => {
    await Promise.all([...servers, ...zygotes].map((s) => s.stop()));
  };
}
