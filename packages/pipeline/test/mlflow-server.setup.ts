/**
 * Vitest global setup of the pipeline project: one real MLflow 3.x server on 127.0.0.1, from
 * the venv the mlflow-client tests provision (same cache and install lock, so it is installed
 * once per machine), for the tests that track the pipeline's runs over REST. Without Python the
 * tests skip with the reason; with `MSR_CI=1` that is a failure.
 */
import type { TestProject } from 'vitest/node';
import { MLFLOW_VERSIONS, ensureVenv, findPython, startServer } from '../../mlflow-client/test/mlflow-server/provision.js';

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
    return async () => {};
  };
  const python = await findPython();
  if (!python) return skip('no Python ≥ 3.10 with venv found (set MSR_PYTHON or install python3-venv)');
  try {
    const venv = await ensureVenv(python, MLFLOW_VERSIONS.v3);
    const server = await startServer(venv);
    project.provide('pipelineMlflow', { url: server.url, version: server.version });
    return () => server.stop();
  } catch (error) {
    return skip(`MLflow could not be provisioned: ${(error as Error).message.split('\n')[0]}`);
  }
}
