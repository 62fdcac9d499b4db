/**
 * Vitest global setup of the production smoke test: ONE real MLflow 3.x server on 127.0.0.1
 * (the pipeline's setup also starts a 2.x server, which the smoke test never calls: a second
 * Python process competing for the 2 cores while the workspace is built and trained). One
 * uvicorn worker, as in the other tests: uvicorn's multi-worker supervisor restarts a worker
 * that misses its 5 s health ping, which a loaded machine can cause, cutting its connections.
 * The server's log file is provided so a failure shows what the server saw.
 * Without Python the test skips with the reason; with `MSR_CI=1` that is a failure.
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { MLFLOW_VERSIONS, ensureVenv, findPython, startServer } from '../../packages/mlflow-client/test/mlflow-server/provision.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pipelineMlflow: { readonly url?: string; readonly version?: string; readonly skipReason?: string };
    /** The MLflow server's stdout and stderr (uvicorn's access and error log). */
    productionMlflowLog: string | undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const skip = (reason: string): (() => Promise<void>) => {
    if (process.env['MSR_CI'] === '1') throw new Error(`MSR_CI=1: the production smoke test cannot skip its MLflow server: ${reason}`);
    process.stderr.write(`[production-mlflow] skipping: ${reason}\n`);
    project.provide('pipelineMlflow', { skipReason: reason });
    project.provide('productionMlflowLog', undefined);
    return async () => {};
  };
  const python = await findPython();
  if (!python) return skip('no Python ≥ 3.10 with venv found (set MSR_PYTHON or install python3-venv)');
  try {
    const server = await startServer(await ensureVenv(python, MLFLOW_VERSIONS.v3), { workers: 1 });
    project.provide('pipelineMlflow', { url: server.url, version: server.version });
    project.provide('productionMlflowLog', join(server.dir, `server-${new URL(server.url).port}.log`));
    return () => server.stop();
  } catch (error) {
    return skip(`MLflow could not be provisioned: ${(error as Error).message.split('\n')[0]}`);
  }
}
