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
 * SEAM (holds the `@msr/core` `RecommenderModel`). The model being served, swapped
 * whole when a retrain finishes: requests in flight keep the model they started with.
 */
export interface ModelStore<M> {
  /** The model now serving, or `undefined` before the first one loads. */
  current(): { model: M; info: ModelInfo } | undefined;
  /** Serve `model` from now on. */
  swap(model: M, info: Omit<ModelInfo, 'loadedAt'>): ModelInfo;
}

/** A {@link ModelStore} in process memory: one reference, replaced atomically. */
export class MemoryModelStore<M> implements ModelStore<M> {
  private entry: { model: M; info: ModelInfo } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  current(): { model: M; info: ModelInfo } | undefined {
    return this.entry;
  }

  swap(model: M, info: Omit<ModelInfo, 'loadedAt'>): ModelInfo {
    const full: ModelInfo = { ...info, loadedAt: this.now() };
    this.entry = { model, info: full };
    return full;
  }
}
