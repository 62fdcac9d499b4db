import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import {
  ConfigurationManager,
  dataIngestionStage,
  dropFolderFeed,
  feedQuarantinePath,
  modelAssemblyStage,
  modelEvaluationStage,
  runFeed,
  runPipeline,
  PipelineQueue,
  runProgress,
  spotifyFeedSource,
  type FeedResult,
  type FeedSource,
  type PipelineResult,
  type RunPipelineOptions,
  type TrackingConfig,
} from '@msr/pipeline';
import { artifactStoreFromArgs } from '@msr/pipeline/cli';
import { createFeaturesChain, dropFolderSource, spotifySearchSource, type DropFolderIssue } from '@msr/spotify';
import { z } from 'zod';
import { serverConfigSchema, type ServerConfig } from '../config/config.js';
import type { RetrainKind } from '../services/retrain-job.js';
import type { ReportProgress } from '../services/retrain-protocol.js';
import { bundleVersionOf } from './recommender-bundle.js';
import { extraFeatureProviders, spotifyClientOf } from './spotify-access.js';

/** The environment variable that hands {@link PipelineJobSettings} to the worker process. */
export const PIPELINE_JOB_ENV = 'MSR_PIPELINE_JOB';

/** What a pipeline job needs from the server's configuration, with absolute paths. */
export const pipelineJobSettingsSchema = z.strictObject({
  rootDir: z.string().min(1),
  paramsFile: z.string().min(1),
  configFile: z.string().min(1).optional(),
  /** The Kaggle-format dataset: an absolute path or a URL. */
  dataset: z.string().min(1),
  stageRetries: z.number().int().min(0),
  retryDelayMs: z.number().min(0),
  feed: serverConfigSchema.shape.feed,
  spotify: serverConfigSchema.shape.spotify,
  features: serverConfigSchema.shape.features,
  /** With Redis: jobs run on the `msr worker`s through BullMQ instead of in this process. */
  queue: z.strictObject({ redisUrl: z.string().min(1), prefix: z.string().min(1), artifacts: z.string().min(1).optional() }).optional(),
});

/** See {@link pipelineJobSettingsSchema}. */
export type PipelineJobSettings = z.output<typeof pipelineJobSettingsSchema>;

const isUrl = (s: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(s);

/** The job settings of a server configuration; relative paths resolve against `cwd`. */
export function pipelineJobSettingsOf(config: ServerConfig, cwd: string = process.cwd()): PipelineJobSettings {
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));
  return {
    rootDir: abs(config.paths.pipelineRoot),
    paramsFile: abs(config.paths.params),
    ...(config.paths.pipelineConfig ? { configFile: abs(config.paths.pipelineConfig) } : {}),
    dataset: isUrl(config.paths.dataset) ? config.paths.dataset : abs(config.paths.dataset),
    stageRetries: config.retrain.stageRetries,
    retryDelayMs: config.retrain.retryDelaySeconds * 1000,
    feed: { ...config.feed, dropFolder: abs(config.feed.dropFolder) },
    spotify: { ...config.spotify, refreshTokenFile: abs(config.spotify.refreshTokenFile) },
    features: { ...config.features, csv: config.features.csv.map(abs) },
    ...(config.queue.redisUrl
      ? { queue: { redisUrl: config.queue.redisUrl, prefix: config.queue.prefix, ...(config.queue.artifacts ? { artifacts: config.queue.artifacts === 'mlflow' ? 'mlflow' : abs(config.queue.artifacts) } : {}) } }
      : {}),
  };
}

/** A {@link PipelineQueue} for the queue settings (the artifact store as `msr worker --artifacts` takes it). */
export async function connectQueue(queue: NonNullable<PipelineJobSettings['queue']>, env: NodeJS.ProcessEnv = process.env): Promise<PipelineQueue> {
  return PipelineQueue.connect({
    redis: queue.redisUrl,
    prefix: queue.prefix,
    ...(queue.artifacts ? { artifacts: artifactStoreFromArgs(queue.artifacts, { env, cwd: process.cwd() }) } : {}),
  });
}

/** The options of `runPipeline` / `runFeed` for these settings. */
export function pipelineOptionsOf(settings: PipelineJobSettings, extra: { tracking?: TrackingConfig; onProgress?: ReportProgress } = {}): RunPipelineOptions {
  return {
    rootDir: settings.rootDir,
    files: { params: settings.paramsFile, ...(settings.configFile ? { config: settings.configFile } : {}) },
    sourceUrl: settings.dataset,
    retries: settings.stageRetries,
    retryDelayMs: settings.retryDelayMs,
    ...(extra.tracking ? { tracking: extra.tracking } : {}),
    ...(extra.onProgress ? { onEvent: runProgress(extra.onProgress) } : {}),
  };
}

/** Where the pipeline of these settings keeps its songs base, its quarantine summary, the feed's quarantine and the served bundle. */
export async function pipelinePathsOf(settings: PipelineJobSettings): Promise<{ songsBase: string; quarantineSummary: string; feedQuarantine: string; bundle: string }> {
  const manager = await ConfigurationManager.load({ ...pipelineOptionsOf(settings), createDirectories: false });
  const ingestion = manager.config(dataIngestionStage);
  return {
    songsBase: ingestion.songsBasePath,
    quarantineSummary: ingestion.quarantine!.summaryFile,
    feedQuarantine: feedQuarantinePath(ingestion.quarantine!.file),
    bundle: manager.config(modelAssemblyStage).bundlePath,
  };
}

/** The feed's source of new songs for these settings. */
export function feedSourceOf(settings: PipelineJobSettings, log: (message: string) => void): FeedSource {
  const client = spotifyClientOf(settings.spotify, {}, undefined, { onTokenSaveError: (error) => log(`the rotated Spotify refresh token could not be saved: ${(error as Error).message}`) });
  const providers = extraFeatureProviders(settings.features, settings.spotify, client);
  const features = providers.length > 0 ? createFeaturesChain(providers) : undefined;
  const onIssue = (issue: DropFolderIssue) => log(`drop folder: ${issue.file}: ${issue.error ? issue.error.message : `${issue.rejected?.length ?? 0} rows left out`}`);
  if (settings.feed.source !== 'spotify-search' && !features) {
    // The pipeline's drop-folder feed, as `msr feed` and the queue worker run it: it takes the
    // folder's census and sets invalid rows aside in the feed's quarantine (file, line, field,
    // reason) for the monitoring page, where the search-style path skips them unseen (decision 1061).
    return dropFolderFeed({ folder: settings.feed.dropFolder, perGenre: settings.feed.perGenre, onIssue });
  }
  let source;
  if (settings.feed.source === 'spotify-search') {
    if (!client) throw new Error('feed.source is spotify-search but no Spotify client is configured (spotify.clientId with clientSecret)');
    // Rotate the offset with the hour, or every run would see the same first results.
    source = spotifySearchSource(client, { offset: () => (Math.floor(Date.now() / 3_600_000) * settings.feed.perGenre) % 1000 });
  } else {
    // Feature providers are configured: drop-folder rows without features get them from those.
    source = dropFolderSource({ dir: settings.feed.dropFolder, onIssue });
  }
  return spotifyFeedSource({ source, perGenre: settings.feed.perGenre, ...(features ? { features } : {}) });
}

/** What a pipeline job reports (the job's `result`). */
export interface PipelineJobResult {
  kind: RetrainKind;
  /** The served bundle after the job, if there is one. */
  bundle: { path: string; version: string } | null;
  /** Stages that ran and that were up to date. */
  ran: string[];
  skipped: string[];
  durationMs: number;
  /** The parameters the job was started with. */
  params: unknown;
  /** The classifier's test accuracy, when the evaluation ran. */
  accuracy?: number;
  /**
   * When the assembly ran: the pipeline's own id of the bundle (the `msr.bundle_version` tag of
   * its tracked run; the server's version is the file's hash) and its model-registry version.
   */
  assembly?: { version: string; registered?: unknown };
  /** For a feed: what it did. */
  feed?: Pick<FeedResult, 'branch' | 'added' | 'baseBefore' | 'baseAfter' | 'growth' | 'retrained'>;
}

/**
 * The body of a job in the worker process: `retrain` brings the pipeline up to date with
 * `runPipeline`; `feed` runs the feed DAG with `runFeed` (which retrains only when the base grew
 * by more than the threshold).
 */
export async function runPipelineJob(
  settings: PipelineJobSettings,
  job: { kind: RetrainKind; params: unknown },
  io: { progress: ReportProgress; log: (message: string) => void; tracking?: TrackingConfig },
): Promise<PipelineJobResult> {
  const options = pipelineOptionsOf(settings, { onProgress: io.progress, ...(io.tracking ? { tracking: io.tracking } : {}) });
  const started = Date.now();
  let pipeline: PipelineResult | undefined;
  let feed: PipelineJobResult['feed'];
  if (settings.queue) {
    // The job only waits: the workers run it, and the outputs are checked out into the root.
    const queue = await connectQueue(settings.queue);
    try {
      const queued = { ...options, tracking: io.tracking ?? null };
      if (job.kind === 'feed') {
        const result = await queue.runFeed({ ...queued, threshold: settings.feed.threshold });
        pipeline = result.pipeline;
        feed = { branch: result.branch, added: result.added, baseBefore: result.baseBefore, baseAfter: result.baseAfter, growth: result.growth, retrained: result.retrained };
      } else {
        pipeline = await queue.runPipeline(queued);
      }
    } finally {
      await queue.close();
    }
  } else if (job.kind === 'feed') {
    if (settings.feed.source === 'drop-folder') await mkdir(settings.feed.dropFolder, { recursive: true });
    const result = await runFeed({ ...options, source: feedSourceOf(settings, io.log), threshold: settings.feed.threshold });
    pipeline = result.pipeline;
    feed = { branch: result.branch, added: result.added, baseBefore: result.baseBefore, baseAfter: result.baseAfter, growth: result.growth, retrained: result.retrained };
    io.progress(1, result.retrained ? 'feed done, models retrained' : `feed done: ${result.added} new songs, no retraining`);
  } else {
    pipeline = await runPipeline(options);
  }
  const { bundle: bundlePath } = await pipelinePathsOf(settings);
  const bundle = existsSync(bundlePath) ? { path: bundlePath, version: bundleVersionOf(await readFile(bundlePath)) } : null;
  const ranResult = (stage: string): Record<string, unknown> | undefined => pipeline?.stages.find((s) => s.name === stage && s.status === 'ran')?.result as Record<string, unknown> | undefined;
  const evaluation = ranResult(modelEvaluationStage.name);
  const assembly = ranResult(modelAssemblyStage.name) as { version?: unknown; tracked?: { registered?: unknown } } | undefined;
  return {
    kind: job.kind,
    bundle,
    ran: pipeline?.ran ?? [],
    skipped: pipeline?.skipped ?? [],
    durationMs: Date.now() - started,
    params: job.params,
    ...(typeof evaluation?.['accuracy'] === 'number' ? { accuracy: evaluation['accuracy'] } : {}),
    ...(typeof assembly?.version === 'string' ? { assembly: { version: assembly.version, ...(assembly.tracked ? { registered: assembly.tracked.registered } : {}) } } : {}),
    ...(feed ? { feed } : {}),
  };
}
