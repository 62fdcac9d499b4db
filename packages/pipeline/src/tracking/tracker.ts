/**
 * The few experiment-tracking calls the pipeline makes — a structural subset of
 * `@msr/mlflow-client`'s `TrackingStore`, so its local file store (`./mlruns`) and its REST store
 * (an MLflow server) both fit as they are.
 */
export interface Tracker {
  /** `local` for the embedded file store, `rest` for a server. */
  readonly kind: 'rest' | 'local';
  /** The store's location (folder or URL), for logs. */
  readonly location: string;
  getOrCreateExperiment(name: string): Promise<{ readonly experimentId: string }>;
  getExperimentByName(name: string): Promise<{ readonly experimentId: string } | undefined>;
  createRun(options: { readonly experimentId: string; readonly runName?: string; readonly userId?: string; readonly tags?: Readonly<Record<string, string>> }): Promise<{ readonly info: { readonly runId: string } }>;
  endRun(runId: string, status?: 'FINISHED' | 'FAILED' | 'KILLED'): Promise<void>;
  setTag(runId: string, key: string, value: string): Promise<void>;
  logBatch(
    runId: string,
    input: {
      /** `modelId`: MLflow 3.x records the point for that logged model too. */
      readonly metrics?: readonly { readonly key: string; readonly value: number; readonly step?: number; readonly modelId?: string }[];
      readonly params?: Readonly<Record<string, string | number | boolean>>;
      readonly tags?: Readonly<Record<string, string>>;
    },
  ): Promise<void>;
  logArtifacts(runId: string, localPath: string, artifactPath?: string): Promise<string[]>;
  logModel(
    runId: string,
    options: { readonly dir: string; readonly name?: string; readonly flavor?: Readonly<Record<string, unknown>>; readonly params?: Readonly<Record<string, string>> },
  ): Promise<{ readonly modelUri: string; readonly modelId: string | undefined }>;
  searchRuns(options: {
    readonly experimentIds: readonly string[];
    readonly filter?: string;
    readonly orderBy?: readonly string[];
    readonly maxResults?: number;
  }): Promise<{ readonly items: readonly { readonly info: { readonly runId: string }; readonly data: { readonly metrics: Readonly<Record<string, number>>; readonly tags: Readonly<Record<string, string>> } }[] }>;
  downloadModel(uri: string, destDir: string): Promise<{ readonly dir: string }>;
  registerModel(name: string, modelUri: string): Promise<{ readonly version: string }>;
  setModelAlias(name: string, alias: string, version: string): Promise<void>;
  /** The version an alias points at; optional, so stores without a registry still fit (the recommender evaluation's champion gate needs it). */
  getModelVersionByAlias?(name: string, alias: string): Promise<{ readonly version: string } | undefined>;
}

/** The tag every tracked run carries: the SHA-256 of the songs base it was trained on. */
export const DATA_DIGEST_TAG = 'msr.data_sha256';

/** The tag every tracked run of a pipeline stage carries: the DAG run (`msr status`, history) that logged it. */
export const PIPELINE_RUN_TAG = 'msr.pipeline_run_id';

/** The tag every tracked run of a pipeline stage carries: the stage's name (its definition's `name`). */
export const STAGE_TAG = 'msr.stage';

/**
 * Runs `body` inside a tracked run and ends the run FINISHED, or FAILED with the error in the
 * `msr.error` tag (then rethrows it).
 */
export async function trackRun<T>(tracker: Tracker, experiment: string, options: { runName: string; tags: Record<string, string> }, body: (runId: string) => Promise<T>): Promise<T> {
  const { experimentId } = await tracker.getOrCreateExperiment(experiment);
  const user = options.tags['mlflow.user'];
  const run = await tracker.createRun({ experimentId, runName: options.runName, tags: options.tags, ...(user ? { userId: user } : {}) });
  const runId = run.info.runId;
  let result: T;
  try {
    result = await body(runId);
  } catch (error) {
    await tracker.setTag(runId, 'msr.error', error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 4000) : String(error));
    await tracker.endRun(runId, 'FAILED');
    throw error;
  }
  await tracker.endRun(runId, 'FINISHED');
  return result;
}

/**
 * The best finished run of `experiment` on the given data (highest `metric`), or `undefined`.
 * Runs trained on other data are not comparable (another test set), so they never win.
 */
export async function bestRun(tracker: Tracker, experiment: string, metric: string, dataDigest: string): Promise<{ runId: string; value: number } | undefined> {
  const found = await tracker.getExperimentByName(experiment);
  if (!found) return undefined;
  const page = await tracker.searchRuns({
    experimentIds: [found.experimentId],
    filter: `attributes.status = 'FINISHED' and tags.\`${DATA_DIGEST_TAG}\` = '${dataDigest}'`,
    orderBy: [`metrics.\`${metric}\` DESC`],
    maxResults: 1,
  });
  const best = page.items[0];
  const value = best?.data.metrics[metric];
  return best && value !== undefined && !Number.isNaN(value) ? { runId: best.info.runId, value } : undefined;
}

/**
 * Ends as KILLED the runs a dead pipeline run left RUNNING — those of `experiments` tagged with
 * its id ({@link PIPELINE_RUN_TAG}) — with `reason` in their `msr.error` tag, as MLflow marks
 * a run whose process was killed. Returns their ids.
 */
export async function endKilledRuns(tracker: Tracker, experiments: readonly string[], pipelineRunId: string, reason: string): Promise<string[]> {
  const ids: string[] = [];
  for (const name of new Set(experiments)) {
    const found = await tracker.getExperimentByName(name);
    if (found) ids.push(found.experimentId);
  }
  if (ids.length === 0) return [];
  const page = await tracker.searchRuns({
    experimentIds: ids,
    filter: `attributes.status = 'RUNNING' and tags.\`${PIPELINE_RUN_TAG}\` = '${pipelineRunId.replace(/'/g, '')}'`,
    maxResults: 1000,
  });
  const ended: string[] = [];
  for (const run of page.items) {
    await tracker.setTag(run.info.runId, 'msr.error', reason);
    await tracker.endRun(run.info.runId, 'KILLED');
    ended.push(run.info.runId);
  }
  return ended;
}
