import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParamsFile, RecommenderModel } from '@msr/core';
import { CoreRecommender } from './adapters/core-recommender.js';
import { feedTask } from './adapters/feed-task.js';
import { createPipelineParamsStore, pipelineGenreSelection, readPipelineConfigTexts } from './adapters/pipeline-params.js';
import { connectQueue, PIPELINE_JOB_ENV, pipelineJobSettingsOf, pipelineOptionsOf, pipelinePathsOf, type PipelineJobSettings } from './adapters/pipeline-job.js';
import { LockHeldError, modelAssemblyStage, readFeedQuarantineRows, readQuarantineSummary, trackingConfigFromEnv } from '@msr/pipeline';
import { QueueScheduler } from './services/queue-scheduler.js';
import { loadBundle } from './adapters/recommender-bundle.js';
import { SongsBaseFeatures } from './adapters/songs-base-features.js';
import { extraFeatureProviders, interactivePolicy, spotifyClientOf } from './adapters/spotify-access.js';
import { SpotifyPlaylistResolver } from './adapters/spotify-playlist-resolver.js';
import type { Clock } from './clock.js';
import type { ServerConfig } from './config/config.js';
import type { Database } from './db/database.js';
import type { AppServices } from './app-context.js';
import type { Logger } from './logging/logger.js';
import { MemoryModelStore } from './services/model-store.js';
import { paramsForJob } from './services/params-store.js';
import { CronScheduler } from './services/cron-scheduler.js';
import { ForkRetrainRunner } from './services/fork-retrain-runner.js';
import { DbParamsStore } from './services/db-params-store.js';
import { trainFirstModel } from './services/first-model.js';
import { ModelRegistry } from './services/model-registry.js';

/** Options of {@link buildServices}. */
export interface BuildServicesOptions {
  /** Extra environment for the retrain worker (on top of this process's). */
  workerEnv?: Record<string, string>;
  /** How often the scheduled feed looks at the job table while it waits, in ms. @default 1000 */
  feedPollMs?: number;
  /** Resolves relative paths of the configuration. @default process.cwd() */
  cwd?: string;
}

/** What {@link buildServices} builds, with their concrete types (for the app, `npm start`, tests and tools). */
export interface Services extends AppServices {
  modelStore: MemoryModelStore<RecommenderModel>;
  recommender: CoreRecommender;
  /** In the database (versions); each instance's `params.yaml` is written before its jobs. */
  params: DbParamsStore<ParamsFile>;
  retrain: ForkRetrainRunner;
  /** croner and a lease row; on Redis, the BullMQ job scheduler. */
  scheduler: CronScheduler | QueueScheduler;
  /** The songs base as the resolver's first feature provider (reloaded after each job). */
  songsBase: SongsBaseFeatures;
  /** What the retrain worker runs with (absolute paths). */
  settings: PipelineJobSettings;
  /** Where the pipeline writes the served bundle. */
  bundlePath: string;
  /** Runs once the server listens: trains the first model when there is none (retried until one serves). */
  afterListen(): Promise<void>;
  /** Releases what the services hold (queue connections, timers), last before the database closes. */
  close(): Promise<void>;
}

/**
 * The retrain worker script: `pipeline-worker.js` beside the built server (`dist/`, plain node),
 * or `pipeline-worker.ts` beside this file when running from source, through tsx (resolved here,
 * so the worker finds it whatever its working directory).
 */
function workerScript(): { script: string; execArgv: string[] } {
  const built = fileURLToPath(new URL('./pipeline-worker.js', import.meta.url));
  if (existsSync(built)) return { script: built, execArgv: [] };
  return { script: fileURLToPath(new URL('./pipeline-worker.ts', import.meta.url)), execArgv: ['--conditions=@msr/source', '--import', import.meta.resolve('tsx')] };
}

/**
 * Builds the server's services: `@msr/core` `recommend()` on the bundle the pipeline wrote, `@msr/spotify`
 * `resolvePlaylist` for playlist links, numbers and track lists (features from the songs base,
 * then the configured providers), the server's own `params.yaml` validated as the pipeline
 * validates it, retrains and the scheduled feed (`runPipeline` / `runFeed`) in a forked worker
 * sharing one job slot, and a hot swap of the model when a job produced a new bundle.
 *
 * `startServer` calls it; a test builds an app on it without listening.
 *
 * @example
 * ```ts
 * const services = await buildServices({ config, db, logger, clock: systemClock });
 * const { app } = createApp({ config, db, logger, ...services });
 * ```
 */
export async function buildServices(
  { config, db, logger, clock }: { config: ServerConfig; db: Database; logger: Logger; clock: Clock },
  options: BuildServicesOptions = {},
): Promise<Services> {
  const settings = pipelineJobSettingsOf(config, options.cwd);
  const texts = readPipelineConfigTexts(settings.configFile);
  // The genres n_components is counted against, from the data when config.yaml names none (the
  // songs base once there is one, else the dataset). Surveyed again when a model is swapped in and
  // before the params are shown or saved, whenever either file changed: a genre the data gains
  // (msr rebuild-base on a new dataset) is counted without a restart.
  let genres = await pipelineGenreSelection(settings, texts);
  const file = await createPipelineParamsStore(settings.paramsFile, texts, { genres: () => genres });
  const paths = await pipelinePathsOf(settings);
  const dataStamp = async (): Promise<string> =>
    (await Promise.all([paths.songsBase, settings.dataset].map((p) => stat(p).then((s) => `${s.mtimeMs}:${s.size}`, () => '-')))).join('|');
  let stamp = await dataStamp();
  const surveyGenres = async (): Promise<void> => {
    const now = await dataStamp();
    if (now === stamp) return;
    try {
      genres = await pipelineGenreSelection(settings, texts);
      stamp = now;
    } catch (error) {
      logger.warn('could not survey the genres of the data again; the previous list stays', { error });
    }
  };
  // The database is the truth every instance shares; the file is where this instance's pipeline reads them.
  const params = new DbParamsStore<ParamsFile>({
    db,
    clock,
    validate: (input) => file.validate(input),
    seed: () => file.read(),
    // Rewritten only when it differs, so an unchanged file keeps its comments.
    materialise: async (p) => {
      if (!isDeepStrictEqual(await file.read().catch(() => undefined), p)) await file.write(p);
    },
  });
  const modelStore = new MemoryModelStore<RecommenderModel>(() => clock.now());
  const songsBase = new SongsBaseFeatures(paths.songsBase);

  // Users get only what the registry's `champion` alias points to (docs/guides/server.md, "Promotion").
  const registry = new ModelRegistry({ db, clock, dir: join(dirname(settings.rootDir), 'models') });
  const syncChampion = async (): Promise<void> => {
    const version = await registry.resolve();
    if (version === undefined || version === modelStore.current()?.info.version) return;
    const path = registry.pathOf(version);
    if (!existsSync(path)) {
      logger.warn('the champion model is not in this instance\'s registry folder; the previous model keeps serving', { version, path });
      return;
    }
    const bundle = await loadBundle(path);
    await reloadSongsBase(songsBase, logger);
    await surveyGenres();
    modelStore.swap(bundle.model, { version: bundle.version, source: bundle.path });
    logger.info('model hot-swapped', { version: bundle.version, songs: bundle.model.catalogSize });
  };
  /** Registers a new bundle; with automatic promotion, points `champion` at it and serves it. */
  const adopt = async (path: string, source: string, by: string, promote: boolean): Promise<string> => {
    const version = await registry.register(path, source);
    if (promote && (await registry.resolve()) !== version) await registry.promote(version, by);
    else if (!promote) logger.info('model registered; promote it to serve it', { version, source });
    await syncChampion();
    return version;
  };
  const autoPromote = config.models.promotion === 'auto';

  let firstModelNeeded = true;
  if (existsSync(paths.bundle)) {
    try {
      await loadBundle(paths.bundle); // validated before it can become the first champion
      // The first start (no champion yet) serves what the pipeline has.
      await adopt(paths.bundle, 'startup', 'startup', (await registry.resolve()) === undefined);
      firstModelNeeded = false;
    } catch (error) {
      logger.error('the served bundle cannot be loaded; a retrain will replace it', { path: paths.bundle, error });
    }
  }
  await syncChampion().catch((error: unknown) => logger.error('the champion model cannot be loaded', { error }));
  const current = modelStore.current();
  if (current) logger.info('model loaded', { version: current.info.version, path: current.info.source, songs: current.model.catalogSize });
  await reloadSongsBase(songsBase, logger);

  // settings.spotify: the configuration's, with refreshTokenFile resolved like the worker's.
  const spotify = spotifyClientOf(settings.spotify, {}, interactivePolicy(config.spotify.interactiveWaitSeconds * 1000), {
    onTokenSaveError: (error) => logger.error('the rotated Spotify refresh token could not be saved; a restart will start from the configured one', { error }),
  });
  const resolver = new SpotifyPlaylistResolver({
    songsBase,
    extraFeatures: extraFeatureProviders(settings.features, config.spotify, spotify),
    playlistsPath: resolve(options.cwd ?? process.cwd(), config.paths.playlists),
    ...(spotify ? { spotify } : {}),
  });
  if (!spotify) logger.info('no Spotify access configured: playlist links are refused with an explanation (see docs/guides/server.md)');

  const retrain = new ForkRetrainRunner({
    db,
    clock,
    logger,
    ...workerScript(),
    env: { ...process.env, [PIPELINE_JOB_ENV]: JSON.stringify(settings), ...options.workerEnv },
    timeoutMs: config.retrain.timeoutMinutes * 60_000,
    staleAfterMs: config.retrain.staleAfterSeconds * 1000,
    // The job runs with the version it recorded, whichever instance saved it.
    beforeLaunch: async (input) => params.materialise(input.params as ParamsFile),
    onSucceeded: async (result, job) => {
      const path = (result as { bundle?: { path?: unknown } | null } | null)?.bundle?.path;
      if (typeof path !== 'string') throw new Error('the job produced no bundle');
      // Load before registering anything: a bundle that cannot be loaded fails the job and the previous model keeps serving.
      await loadBundle(path);
      await reloadSongsBase(songsBase, logger);
      await adopt(path, `job ${job.id}`, job.requestedBy ?? 'scheduler', autoPromote);
    },
  });
  await retrain.failStale();

  const task = feedTask({ retrain, params, ...(options.feedPollMs === undefined ? {} : { pollMs: options.feedPollMs }) });
  let scheduler: CronScheduler | QueueScheduler;
  let queueServices: Pick<AppServices, 'queue'> & { close?: () => Promise<void> } = {};
  if (settings.queue) {
    // On Redis: the feed is one BullMQ job scheduler for every instance, and every instance
    // checks out and hot-swaps the model any worker run produced (a scheduled feed, another
    // instance's retrain).
    const queue = await connectQueue(settings.queue);
    const runOptions = { ...pipelineOptionsOf(settings), tracking: trackingConfigFromEnv(process.env) ?? null };
    scheduler = new QueueScheduler({
      queue,
      logger,
      enabled: config.scheduler.enabled,
      feed: { ...runOptions, cron: config.scheduler.cron, timezone: config.scheduler.timezone, threshold: settings.feed.threshold },
      runFeed: () => task({ signal: new AbortController().signal, slot: clock.now(), trigger: 'manual' }),
      checkMs: config.scheduler.checkSeconds * 1000,
      now: () => clock.now(),
    });
    const stopWatching = await queue.onRunFinished((run) => {
      if (run.status !== 'succeeded' || !run.ran.includes(modelAssemblyStage.name)) return;
      void (async () => {
        // Any run on the prefix (a CLI `msr run`, another deployment's feed) is registered
        // here, never served: only a promotion moves `champion`. This deployment's own jobs
        // promote theirs through onSucceeded.
        await queue.checkout(runOptions);
        await loadBundle(paths.bundle);
        await adopt(paths.bundle, `queued run ${run.runId}`, 'queue', false);
      })().catch((error: unknown) => {
        // This instance's own job checks out and swaps by itself (it holds the local lock meanwhile).
        if (error instanceof LockHeldError) return;
        logger.warn('could not check out the model of a queued run', { runId: run.runId, error });
      });
    });
    queueServices = {
      queue: { status: () => queue.status() },
      close: async () => {
        await stopWatching();
        await queue.close();
      },
    };
  } else {
    scheduler = new CronScheduler({
      db,
      clock,
      logger,
      cron: config.scheduler.cron,
      timezone: config.scheduler.timezone,
      leaseMs: config.scheduler.leaseSeconds * 1000,
      enabled: config.scheduler.enabled,
      task,
    });
  }

  // Every instance follows `champion` (a promotion or rollback on another instance, say).
  const follow = setInterval(() => {
    syncChampion().catch((error: unknown) => logger.warn('could not follow the champion model', { error }));
  }, config.models.checkSeconds * 1000);
  follow.unref();
  const closeQueue = queueServices.close;
  const stopping = new AbortController();
  return {
    ...queueServices,
    close: async () => {
      stopping.abort();
      clearInterval(follow);
      await closeQueue?.();
    },
    models: { registry, sync: syncChampion },
    dataQuality: () => readQuarantineSummary(paths.quarantineSummary),
    feedQuarantine: () => readFeedQuarantineRows(paths.feedQuarantine),
    modelStore,
    genres: { list: () => genres.genres, survey: surveyGenres },
    recommender: new CoreRecommender(modelStore, config.recommend),
    resolver,
    params,
    retrain,
    scheduler,
    songsBase,
    settings,
    bundlePath: paths.bundle,
    afterListen: async () => {
      if (!firstModelNeeded || modelStore.current()) return;
      logger.info('no model yet: training the first one in the background', { dataset: settings.dataset });
      await trainFirstModel({
        retrain,
        input: async () => ({ requestedBy: 'startup', ...(await paramsForJob(params)) }),
        hasModel: () => modelStore.current() !== undefined,
        logger,
        firstDelayMs: config.retrain.firstModelRetrySeconds * 1000,
        maxDelayMs: config.retrain.firstModelMaxRetrySeconds * 1000,
        signal: stopping.signal,
      });
    },
  };
}

async function reloadSongsBase(songsBase: SongsBaseFeatures, logger: Logger): Promise<void> {
  try {
    const songs = await songsBase.reload();
    logger.debug('songs base loaded', { songs });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_NO_SONGS_BASE') return; // the first training creates it
    logger.warn('the songs base cannot be read; playlist features use the previous copy', { error });
  }
}
