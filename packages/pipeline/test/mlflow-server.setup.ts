/**
 * Vitest global setup of the pipeline project: real MLflow servers on 127.0.0.1 — the current
 * 3.x and the last 2.x (DagsHub runs 2.x) — from the venvs the mlflow-client tests provision
 * (same cache and install lock, so each is installed once per machine), for the tests that
 * track the pipeline's runs over REST. `pipelineMlflow` is the 3.x server (what most tests
 * need); `pipelineMlflowServers` holds both, with each venv's Python for read-back checks.
 * Without Python the tests skip with the reason; with `MSR_CI=1` that is a failure.
 */
import type { TestProject } from 'vitest/node';
// Type-only: declares `pipelineMlflowServers` and its server shape.
import type { PipelineMlflowServer } from '../src/tracking/__fixtures__/mlflow-servers.js';
import { MLFLOW_VERSIONS, ensureVenv, findPython, startServer, type RunningServer } from '../../mlflow-client/test/mlflow-server/provision.js';
import { startPythonZygote, type PythonZygote } from '../../mlflow-client/test/python-zygote.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pipelineMlflow: { readonly url?: string; readonly version?: string; readonly skipReason?: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const strict = process.env['MSR_CI'] === '1';
  const skip = (reason: string): (() => Promise<void>) => {
    if (strict) throw new Error(`MSR_CI=1: the pipeline's MLflow server tests cannot be skipped: ${reason}`);
    process.stderr.write(`[pipeline-mlflow] skipping: ${reason}\n`);
    project.provide('pipelineMlflow', { skipReason: reason });
    project.provide('pipelineMlflowServers', { skipReason: reason });
    return async () => {};
  };
  const python = await findPython();
  if (!python) return skip('no Python ≥ 3.10 with venv found (set MSR_PYTHON or install python3-venv)');
  const servers: (RunningServer | PythonZygote)[] = [];
  try {
    const [v3, v2] = await Promise.all([ensureVenv(python, MLFLOW_VERSIONS.v3), ensureVenv(python, MLFLOW_VERSIONS.v2)]);
    // With a warm Python of each venv (python-zygote.ts) for the read-back checks.
    const [s3, s2, z3, z2] = await Promise.all([startServer(v3), startServer(v2), startPythonZygote(v3.python), startPythonZygote(v2.python)]);
    servers.push(s3, s2, z3, z2);
    const describe = (s: RunningServer, z: PythonZygote): PipelineMlflowServer => ({ url: s.url, version: s.version, python: s.python, zygote: z.socket });
    project.provide('pipelineMlflow', { url: s3.url, version: s3.version });
    project.provide('pipelineMlflowServers', { v3: describe(s3, z3), v2: describe(s2, z2) });
    return async () => {
      await Promise.all(servers.map((s) => s.stop()));
    };
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    return skip(`MLflow could not be provisioned: ${(error as Error).message.split('\n')[0]}`);
  }
}
