import type { MLmodel, ModelSignature } from './mlmodel.js';

/** Options of `logModel` on either store. */
export interface LogModelOptions {
  /** Local directory holding the model's files (ours: `model.json`). */
  readonly dir: string;
  /** Name of the model; also its folder in the run's artifacts on 2.x servers and the local store. @default 'model' */
  readonly name?: string;
  /** Settings written under `flavors.msr` in `MLmodel` (e.g. `{ bundle: 'model.json', format_version: 1 }`). */
  readonly flavor?: Readonly<Record<string, unknown>>;
  /** Input/output columns, shown in the MLflow UI. */
  readonly signature?: ModelSignature;
  /** Params to record on an MLflow 3.x logged model. */
  readonly params?: Readonly<Record<string, string>>;
  /** Tags of the logged model (3.x). */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * How to log: `auto` probes the server (3.x `logged-models` when it answers, else 2.x run
   * artifacts + `runs/log-model`); the other two force one way.
   * @default 'auto'
   */
  readonly mode?: 'auto' | 'logged-model' | 'run-artifacts';
}

/** Where a logged model went. */
export interface LoggedModelRef {
  /** URI to load it by: `models:/m-…` (3.x logged model) or `runs:/<run id>/<name>`. */
  readonly modelUri: string;
  /** Which way it was logged. */
  readonly mode: 'logged-model' | 'run-artifacts';
  readonly runId: string;
  /** The MLflow 3.x logged model id, when logged as one. */
  readonly modelId: string | undefined;
  /** Artifact URI of the model's root folder. */
  readonly artifactUri: string;
  /** The `MLmodel` that was written. */
  readonly mlmodel: MLmodel;
}

/** A model fetched to local disk. */
export interface DownloadedModel {
  /** Local folder with `MLmodel` and the model's files. */
  readonly dir: string;
  readonly mlmodel: MLmodel;
}
