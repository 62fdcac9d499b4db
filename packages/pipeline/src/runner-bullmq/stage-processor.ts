import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationManager } from '../config/configuration-manager.js';
import type { TrackingConfig } from '../config/tracking-config.js';
import type { LockedPath } from '../dag/lock-file.js';
import { lockedEntry, missingOutputs, runReasons, UNCHANGED_REASON, stageChanges, stageContext, stageFingerprint } from '../dag/plan.js';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import type { StageDefinition } from '../dag/stage-definition.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { hashPath } from '../fs/hash-path.js';
import type { ModelKit } from '../models/model-kit.js';
import type { PipelineStageDeps } from '../pipeline/pipeline-stages.js';
import type { AnyPipelineStage } from '../stages/stage.js';
import { createTracker } from '../tracking/create-tracker.js';
import type { ArtifactStore } from './artifact-store.js';
import { rootRelative, toPortable, type RunDefinition, type StageJobData, type StageJobResult } from './queue-jobs.js';

/** Builds a pipeline's DAG stages from its configuration; `pipelineStages` for a stage list. */
export type StageFactory = (manager: ConfigurationManager, deps: PipelineStageDeps) => StageDefinition[];

/** What a worker brings to every job. */
export interface WorkerContext {
  artifacts: ArtifactStore;
  models: ModelKit;
  /** The pipeline's stage list: the runs' `config.yaml` is checked against it. */
  stageList: readonly AnyPipelineStage[];
  /** Builds the DAG stages from the configuration (`pipelineStages`; tests wrap it). */
  stages: StageFactory;
  /** Credentials for the run's tracking server (`username`/`password` or `token`), from the worker's own environment. */
  credentials: Omit<TrackingConfig, 'uri'>;
  fetch?: typeof globalThis.fetch;
  clock: () => number;
}

/** A pipeline rebuilt in a scratch root from a {@link RunDefinition}. */
export interface OpenedRoot {
  manager: ConfigurationManager;
  stages: StageDefinition[];
}

/** Writes the run's configuration files under `root` and builds its stages there. */
export async function openRoot(context: WorkerContext, definition: RunDefinition, root: string): Promise<OpenedRoot> {
  const dir = join(root, '.msr', 'config');
  await mkdir(dir, { recursive: true });
  const files = { config: join(dir, 'config.yaml'), params: join(dir, 'params.yaml'), schema: join(dir, 'schema.yaml') };
  await Promise.all([writeFileAtomic(files.config, definition.files.config), writeFileAtomic(files.params, definition.files.params), writeFileAtomic(files.schema, definition.files.schema)]);
  const source = definition.source === undefined ? undefined : 'url' in definition.source ? definition.source.url : join(root, ...definition.source.path.split('/'));
  const tracking = definition.tracking ? { ...context.credentials, uri: definition.tracking.uri } : undefined;
  const manager = await ConfigurationManager.load({
    rootDir: root,
    files,
    ...(definition.split ? { split: definition.split } : {}),
    ...(definition.download ? { download: definition.download } : {}),
    ...(source ? { sourceUrl: source } : {}),
    ...(tracking ? { tracking } : {}),
    ...(definition.genres ? { genres: definition.genres } : {}),
    stages: context.stageList,
  });
  const stages = context.stages(manager, {
    models: context.models,
    clock: context.clock,
    ...(context.fetch ? { fetch: context.fetch } : {}),
    ...(tracking ? { tracker: createTracker(tracking, { baseDir: root, ...(context.fetch ? { fetch: context.fetch } : {}) }) } : {}),
  });
  return { manager, stages };
}

/** One attempt of a stage job, as the worker sees it. */
export interface StageAttempt {
  data: StageJobData;
  /** 1 for the first attempt. */
  attempt: number;
  /** Attempts allowed in all. */
  maxAttempts: number;
  /** Cancelled when the worker shuts down. */
  signal: AbortSignal;
  /** A scratch root of this attempt alone (removed by the caller afterwards). */
  root: string;
  /** Publishes an event (as job progress). */
  emit(event: PipelineEvent): void;
  /** The results of the stage jobs this one waited for. */
  children(): Promise<StageJobResult[]>;
}

/**
 * Runs one stage job: rebuilds the pipeline in a scratch root, decides from the shared hashes
 * whether the stage is up to date, and otherwise downloads what it reads (and its previous
 * outputs) from the artifact store by hash, runs it, and uploads what it wrote.
 */
export async function processStage(context: WorkerContext, job: StageAttempt): Promise<StageJobResult> {
  const { data, root } = job;
  const began = context.clock();
  const at = (): number => context.clock();
  const produced: Record<string, string> = {};
  for (const child of await job.children()) Object.assign(produced, child.produced);
  const { manager, stages } = await openRoot(context, data.definition, root);
  const stage = stages.find((s) => s.name === data.stage);
  if (!stage) throw new PipelineError('ERR_UNKNOWN_STAGE', `no stage is named "${data.stage}" in this worker's pipeline; stages: ${stages.map((s) => s.name).join(', ')}`, { badInput: true });

  const current = (rel: string): string | null => produced[rel] ?? data.files[rel] ?? null;
  const located = (paths: readonly string[], what: string): { abs: string; rel: string }[] => paths.map((abs) => ({ abs, rel: rootRelative(root, abs, `stage ${stage.name}: ${what}`) }));
  const deps = located(stage.deps, 'dependency');
  const outs = located(stage.outs, 'output');
  // The hashes come from the shared state, not from this scratch root's disk.
  const now = stageFingerprint(stage, {
    root,
    param: (key) => manager.param(key),
    deps: deps.map((d) => ({ path: d.rel, hash: current(d.rel) })),
    outs: outs.map((o) => ({ path: o.rel, hash: current(o.rel) })),
  });
  const reasons = runReasons(stageChanges(stage, now, data.locked), data.force);
  if (reasons.length === 0) {
    job.emit({ type: 'stage-skip', runId: data.runId, at: at(), stage: stage.name, reason: UNCHANGED_REASON });
    return { status: 'skipped', reasons: [UNCHANGED_REASON], attempts: 0, durationMs: at() - began, produced };
  }

  // The stage sees what it would see in-process: its inputs and its previous outputs.
  await Promise.all(
    [...now.deps, ...now.outs].map(async ({ path, hash }, i) => {
      if (hash === null) return;
      const abs = i < deps.length ? deps[i]!.abs : outs[i - deps.length]!.abs;
      if ((await hashPath(abs)) !== hash) await context.artifacts.get(hash, abs);
    }),
  );
  const runId = data.runId;
  job.emit({ type: 'stage-start', runId, at: at(), stage: stage.name, attempt: job.attempt, reasons });
  const result = await stage.run(stageContext({ runId, stage: stage.name, attempt: job.attempt, forced: data.force, signal: job.signal, clock: at, emit: (event) => job.emit(event) }));
  const written: LockedPath[] = [];
  for (const out of outs) {
    const info = await stat(out.abs).catch(() => null);
    if (info === null) throw missingOutputs(stage.name, [out.rel]);
    if (info.isDirectory()) throw new PipelineError('ERR_QUEUE_PATH', `stage "${stage.name}" writes the directory ${out.rel}; the queue runner moves files only`, { badInput: true });
    const hash = (await hashPath(out.abs))!;
    await context.artifacts.put(hash, out.abs);
    written.push({ path: out.rel, hash });
    produced[out.rel] = hash;
  }
  const durationMs = at() - began;
  job.emit({ type: 'stage-done', runId, at: at(), stage: stage.name, attempts: job.attempt, durationMs });
  return {
    status: 'ran',
    reasons,
    attempts: job.attempt,
    durationMs,
    result: toPortable(result, root),
    locked: lockedEntry(now, written, at()),
    produced,
  };
}
