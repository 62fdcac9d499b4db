/** Test-side access to the real MLflow servers of test/mlflow-server.setup.ts (3.x and 2.x). */
import { inject } from 'vitest';

/** One server as the pipeline tests see it. */
export interface PipelineMlflowServer {
  readonly url: string;
  readonly version: string;
  /** The venv's Python, with `mlflow` importable. */
  readonly python: string;
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
