/** Test-side access to the real MLflow servers of test/mlflow-server.setup.ts (3.x and 2.x). */
import { dirname } from 'node:path';
import { inject } from 'vitest';

/** One server as the pipeline tests see it. */
export interface PipelineMlflowServer {
  readonly url: string;
  readonly version: string;
  /** The venv's Python, with `mlflow` importable. */
  readonly python: string;
  /** The socket of a warm Python of that venv (mlflow-client/test/python-zygote.ts), for `runPython`. */
  readonly zygote?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Provided by test/mlflow-server.setup.ts. */
    pipelineMlflowServers: { readonly v3?: PipelineMlflowServer; readonly v2?: PipelineMlflowServer; readonly skipReason?: string };
  }
}

/** The servers, or the reason they are missing (suites use `skipIf` and say why in the title). */
export function pipelineMlflowServers(): { v3?: PipelineMlflowServer; v2?: PipelineMlflowServer; skipReason?: string } {
  return inject('pipelineMlflowServers') ?? { skipReason: 'the pipeline MLflow setup did not run' };
}

/**
 * A server of its own, from the same venv as `server`, with an empty database: for a suite that
 * asserts what the registry holds (version numbers, run counts). The shared servers are used by
 * test files running in parallel, and every pipeline registers `msr-recommender`.
 */
export async function isolatedMlflowServer(server: PipelineMlflowServer): Promise<PipelineMlflowServer & { stop(): Promise<void> }> {
  // Test-only import, kept out of the module's load so suites without a server never load it.
  const { startServer } = await import('../../../../mlflow-client/test/mlflow-server/provision.js');
  const venvDir = dirname(dirname(server.python));
  const running = await startServer({ version: server.version, dir: venvDir, python: server.python, created: false, seconds: 0 });
  return { url: running.url, version: running.version, python: running.python, stop: () => running.stop() };
}
