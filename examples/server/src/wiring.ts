import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SeamContext, SeamFactory, Seams } from './runtime.js';
import { MemoryModelStore, type ModelStore } from './seams/model-store.js';
import { CronScheduler } from './services/cron-scheduler.js';
import { ForkRetrainRunner } from './services/fork-retrain-runner.js';
import { DEFAULT_MODEL_PARAMS, modelParamsSchema, YamlParamsStore } from './services/yaml-params-store.js';
import { CatalogPlaylistResolver } from './test-doubles/catalog-playlist-resolver.js';
import { loadNearestCentroidModel, readCatalogFile, type CatalogTrack, type NearestCentroidModel } from './test-doubles/nearest-centroid-model.js';
import { NearestCentroidRecommender } from './test-doubles/nearest-centroid-recommender.js';

/** Options of {@link standInSeams}. */
export interface StandInOptions {
  /** Extra environment for the retrain worker (e.g. `MSR_STANDIN_STEP_MS`). */
  workerEnv?: Record<string, string>;
}

/**
 * PHASE 1 wiring: the real params store, retrain runner and scheduler around the stand-in
 * recommender and resolver (test doubles over `config.paths.catalog`). Phase 2 replaces this
 * factory with one that wires `@msr/core`, `@msr/pipeline` and `@msr/spotify`; nothing else in
 * the server changes.
 */
export function standInSeams(options: StandInOptions = {}): SeamFactory {
  return async ({ config, db, logger, clock }: SeamContext): Promise<Seams> => {
    const modelStore = new MemoryModelStore<NearestCentroidModel>(() => clock.now());
    const modelDir = resolve(config.paths.models);
    const catalogPath = resolve(config.paths.catalog);
    let catalog: CatalogTrack[] = [];
    if (existsSync(catalogPath)) catalog = readCatalogFile(catalogPath);
    else logger.warn('no song catalog: recommendations need one', { path: catalogPath });

    const latest = newestModelFile(modelDir);
    if (latest) {
      const model = loadNearestCentroidModel(latest);
      modelStore.swap(model, { version: model.version, source: latest });
      logger.info('model loaded', { version: model.version, path: latest });
    }

    const params = new YamlParamsStore({ path: config.paths.params, schema: modelParamsSchema, defaults: DEFAULT_MODEL_PARAMS });
    const retrain = standInRetrainRunner({
      db,
      clock,
      logger,
      modelStore,
      catalogPath,
      modelDir,
      timeoutMs: config.retrain.timeoutMinutes * 60_000,
      ...(options.workerEnv ? { workerEnv: options.workerEnv } : {}),
    });
    await retrain.failStale();

    const scheduler = new CronScheduler({
      db,
      clock,
      logger,
      cron: config.scheduler.cron,
      timezone: config.scheduler.timezone,
      leaseMs: config.scheduler.leaseSeconds * 1000,
      enabled: config.scheduler.enabled,
      // Phase 1: the feed is not wired yet, so a tick retrains on the current catalog
      // (the DAG's "songs base exists" branch). Phase 2 runs `runFeed` first.
      task: async ({ signal }) => {
        const job = await retrain.start({ requestedBy: 'scheduler', params: await params.read() });
        await retrain.idle();
        const done = await retrain.get(job.id);
        if (signal.aborted) return { jobId: job.id, status: 'interrupted' };
        if (done?.status === 'failed') throw new Error(`retrain ${job.id} failed: ${done.error ?? 'unknown'}`);
        return { jobId: job.id, status: done?.status ?? 'unknown' };
      },
    });

    return {
      modelStore,
      recommender: new NearestCentroidRecommender(modelStore),
      resolver: new CatalogPlaylistResolver({ catalog }),
      params,
      retrain,
      scheduler,
      afterListen: async () => {
        if (modelStore.current() || catalog.length === 0) return;
        logger.info('no model yet: training the first one');
        await retrain.start({ requestedBy: 'startup', params: await params.read() });
      },
    };
  };
}

/** What {@link standInRetrainRunner} needs. */
export interface StandInRetrainOptions {
  db: SeamContext['db'];
  clock: SeamContext['clock'];
  logger: SeamContext['logger'];
  /** Receives the new model when a job succeeds. */
  modelStore: ModelStore<NearestCentroidModel>;
  catalogPath: string;
  modelDir: string;
  timeoutMs?: number;
  workerEnv?: Record<string, string>;
}

/**
 * PHASE 1: a {@link ForkRetrainRunner} on the stand-in worker script, hot-swapping the
 * stand-in model when a job succeeds. Phase 2's worker script runs the pipeline instead.
 */
export function standInRetrainRunner(options: StandInRetrainOptions): ForkRetrainRunner {
  const { logger, modelStore } = options;
  return new ForkRetrainRunner({
    db: options.db,
    clock: options.clock,
    logger,
    script: fileURLToPath(new URL('./test-doubles/centroid-retrain-worker.ts', import.meta.url)),
    // Resolved here, so the worker finds tsx whatever its working directory.
    execArgv: ['--conditions=@msr/source', '--import', import.meta.resolve('tsx')],
    env: { ...process.env, MSR_STANDIN_CATALOG: options.catalogPath, MSR_STANDIN_MODEL_DIR: options.modelDir, ...options.workerEnv },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    onSucceeded: async (result) => {
      const path = (result as { modelPath?: unknown } | null)?.modelPath;
      if (typeof path !== 'string') throw new Error('the worker reported no modelPath');
      const model = loadNearestCentroidModel(path);
      modelStore.swap(model, { version: model.version, source: path });
      logger.info('model hot-swapped', { version: model.version });
    },
  });
}

function newestModelFile(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0];
}
