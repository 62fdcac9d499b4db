import type { RecommenderModel } from '@msr/core';

/** What the server knows about the model it serves. */
export interface ModelInfo {
  /** The model's version (an MLflow run id, a timestamp…). */
  version: string;
  /** When it started serving, ms since the epoch. */
  loadedAt: number;
  /** Where it came from (a path, a run URI). */
  source?: string;
}

/**
 * The model being served (the `@msr/core` `RecommenderModel`), in process memory: one
 * reference, swapped whole when a retrain finishes, so requests in flight keep the model they
 * started with.
 */
export class MemoryModelStore<M = RecommenderModel> {
  private entry: { model: M; info: ModelInfo } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** The model now serving, or `undefined` before the first one loads. */
  current(): { model: M; info: ModelInfo } | undefined {
    return this.entry;
  }

  /** Serve `model` from now on. */
  swap(model: M, info: Omit<ModelInfo, 'loadedAt'>): ModelInfo {
    const full: ModelInfo = { ...info, loadedAt: this.now() };
    this.entry = { model, info: full };
    return full;
  }
}
