import { readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { ValidationReport } from '../errors/data-validation-error.js';
import { buildGraph, withUpstream } from '../dag/graph.js';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { hashPath } from '../fs/hash-path.js';
import type { FeedSource } from '../feed/feed-source.js';
import { mergeSongs } from '../feed/merge-songs.js';
import { formatSongsBase, readSongsBase } from '../songs/songs-base.js';
import { flowWaves, type FlowNode } from './flow-waves.js';
import { rootRelative, serializeError, type RunJobData, type RunJobResult, type SerializedOutcome, type StageJobData, type StageJobResult } from './queue-jobs.js';
import type { QueueState } from './queue-state.js';
import { openRoot, type WorkerContext } from './stage-processor.js';
import { dataIngestionStage } from '../stages/data-ingestion-stage.js';
import { dataValidationStage } from '../stages/data-validation-stage.js';

/** A stage job to submit, with the jobs it waits for. */
export interface FlowJobSpec {
  stage: string;
  jobId: string;
  data: StageJobData;
  attempts: number;
  backoffMs: number;
  children: FlowJobSpec[];
}

/** A finished stage job, as read back from the queue. */
export interface SettledJob {
  state: string;
  returnvalue?: StageJobResult;
  data: StageJobData;
  failedReason?: string;
  attemptsMade: number;
}

/** What the orchestrator needs from the queue and from Redis (BullMQ and ioredis behind it). */
export interface RunServices {
  /** Adds flows; adding a job id that exists is a no-op, so a resumed run can resubmit. */
  submit(roots: FlowJobSpec[]): Promise<void>;
  /** Resolves when each of the jobs has completed or failed. */
  settle(jobIds: string[]): Promise<void>;
  /** A stage job's outcome. */
  read(jobId: string): Promise<SettledJob | undefined>;
  readState(): Promise<QueueState>;
  writeState(state: QueueState): Promise<void>;
  /** Whether the caller asked to cancel the run. */
  cancelled(): Promise<boolean>;
}

/** One run job being orchestrated. */
export interface RunAttempt {
  runId: string;
  data: RunJobData;
  root: string;
  signal: AbortSignal;
  emit(event: PipelineEvent): void;
}

/** A job id for a stage of a run (BullMQ ids may not contain `:`). */
export function stageJobId(runId: string, stage: string): string {
  return `${runId}.${stage}`.replace(/:/g, '_');
}

/**
 * Orchestrates one run on the queue (the caller holds the run lock): rebuilds the pipeline,
 * submits the DAG wave by wave as BullMQ flows, records each finished stage in the shared state
 * and reports every stage's outcome. A feed run first feeds the songs base (kept in the artifact
 * store) and retrains past the threshold, as `runFeed` does in-process.
 */
export async function processRun(context: WorkerContext & { feedSource?: FeedSource }, services: RunServices, run: RunAttempt): Promise<RunJobResult> {
  const { data, runId, root } = run;
  const clock = context.clock;
  const startedAt = clock();
  const { manager, stages } = await openRoot(context, data.definition, root);
  const graph = buildGraph(stages);
  const byName = new Map(stages.map((s) => [s.name, s]));
  const targets = data.targets ?? graph.order;
  let selected: Set<string>;
  if (data.single) {
    for (const t of targets) withUpstream(graph, [t]); // validates the names
    selected = new Set(targets);
  } else selected = withUpstream(graph, targets);
  const order = graph.order.filter((n) => selected.has(n));
  const state = await services.readState();
  Object.assign(state.files, data.definition.inputs);
  const rel = (abs: string, what: string): string => rootRelative(root, abs, what);
  const forced = (name: string): boolean => data.force === true || (Array.isArray(data.force) && data.force.includes(name));

  const runDag = async (): Promise<{ outcomes: SerializedOutcome[]; error?: SerializedOutcome['error'] }> => {
    run.emit({ type: 'run-start', runId, at: clock(), stages: order });
    const outcomes = new Map<string, SerializedOutcome>();
    let failure: SerializedOutcome['error'];
    for (const wave of flowWaves(graph, selected)) {
      if (failure) break;
      if (run.signal.aborted || (await services.cancelled())) {
        failure = serializeError(new PipelineError('ERR_ABORTED', 'the run was cancelled'));
        break;
      }
      const spec = (node: FlowNode): FlowJobSpec => {
        const stage = byName.get(node.stage)!;
        const files: Record<string, string> = {};
        for (const path of [...stage.deps, ...stage.outs]) {
          const r = rel(path, `stage ${stage.name}: path`);
          if (state.files[r] !== undefined) files[r] = state.files[r]!;
        }
        return {
          stage: stage.name,
          jobId: stageJobId(runId, stage.name),
          data: { runId, stage: stage.name, definition: data.definition, force: forced(stage.name), locked: state.stages[stage.name] ?? null, files, retryDelayMs: data.retryDelayMs },
          attempts: (stage.retries ?? data.retries) + 1,
          backoffMs: data.retryDelayMs,
          children: node.children.map(spec),
        };
      };
      await services.submit(wave.roots.map(spec));
      await services.settle(wave.roots.map((r) => stageJobId(runId, r.stage)));
      for (const name of wave.stages) {
        const job = await services.read(stageJobId(runId, name));
        const outcome = outcomeOf(name, job);
        outcomes.set(name, outcome);
        const result = job?.returnvalue;
        if (outcome.status === 'ran' && result?.locked) {
          state.stages[name] = result.locked;
          for (const out of result.locked.outs) if (out.hash !== null) state.files[out.path] = out.hash;
        }
        if (outcome.status === 'failed') failure ??= outcome.error;
      }
      await services.writeState(state);
    }
    const list = order.map((n) => outcomes.get(n) ?? { name: n, status: 'not-run' as const, reasons: ['a stage it needs failed or the run was cancelled'], attempts: 0, durationMs: 0 });
    const status = failure ? 'failed' : 'succeeded';
    run.emit({ type: 'run-done', runId, at: clock(), status, durationMs: clock() - startedAt, ran: list.filter((s) => s.status === 'ran').map((s) => s.name), skipped: list.filter((s) => s.status === 'skipped').map((s) => s.name) });
    return failure ? { outcomes: list, error: failure } : { outcomes: list };
  };

  const finish = (outcomes: SerializedOutcome[], error: SerializedOutcome['error'], feed?: RunJobResult['feed']): RunJobResult => ({
    runId,
    status: error ? 'failed' : 'succeeded',
    startedAt,
    durationMs: clock() - startedAt,
    stages: outcomes,
    ...(error ? { error } : {}),
    ...(feed ? { feed } : {}),
  });

  if (data.kind === 'pipeline') {
    await services.writeState(state);
    const { outcomes, error } = await runDag();
    return finish(outcomes, error);
  }

  // The feed DAG: songs base exists? → feed → retrain past the threshold; else the full pipeline builds it.
  const ingestion = manager.config(dataIngestionStage);
  const baseRel = rel(ingestion.songsBasePath, 'the songs base');
  const basePath = join(root, ...baseRel.split('/'));
  const baseHash = state.files[baseRel];
  const noDrops = { duplicates: 0, otherGenres: 0, invalid: [] };
  if (baseHash === undefined) {
    const { outcomes, error } = await runDag();
    const after = error === undefined && state.files[baseRel] ? (await download(context, state.files[baseRel]!, basePath)).length : 0;
    return finish(outcomes, error, { branch: 'init', fetched: 0, added: after, dropped: noDrops, deferred: 0, baseBefore: 0, baseAfter: after, growth: 0, retrained: error === undefined });
  }
  const feedStarted = clock();
  run.emit({ type: 'stage-start', runId, at: feedStarted, stage: 'feed', attempt: 1, reasons: ['always runs'] });
  const before = await download(context, baseHash, basePath);
  let batch;
  try {
    if (!context.feedSource) throw new PipelineError('ERR_NO_FEED_SOURCE', 'this worker has no feed source (msr worker --drop-folder <dir>, or startPipelineWorker({ feedSource }))', { badInput: true });
    batch = await context.feedSource.collect({ genres: ingestion.genres, knownUris: new Set(before.map((s) => s.uri)), signal: run.signal });
  } catch (caught) {
    const error = serializeError(caught);
    run.emit({ type: 'stage-fail', runId, at: clock(), stage: 'feed', attempts: 1, durationMs: clock() - feedStarted, error: error.message, code: error.code });
    return finish([{ name: 'feed', status: 'failed', reasons: ['always runs'], attempts: 1, durationMs: clock() - feedStarted, error }], error);
  }
  const merge = mergeSongs(before, batch, ingestion.genres);
  let archivedTo: string | undefined;
  if (merge.added.length > 0) {
    // The previous base stays in the artifact store under its hash: that is its archive.
    archivedTo = context.artifacts.describe(baseHash);
    await writeFileAtomic(basePath, formatSongsBase(merge.merged));
    const hash = (await hashPath(basePath))!;
    await context.artifacts.put(hash, basePath);
    state.files[baseRel] = hash;
    await services.writeState(state);
  }
  const trainedOn = await lastTrainedSize(context, state, rel(manager.config(dataValidationStage).reportFile, 'the validation report'), baseRel, root, before.length);
  const growth = trainedOn === 0 ? 1 : (merge.merged.length - trainedOn) / trainedOn;
  const threshold = data.threshold ?? 0.05;
  run.emit({ type: 'stage-log', runId, at: clock(), stage: 'feed', level: 'info', message: `${merge.added.length} new songs (${merge.duplicates} known, ${merge.otherGenres} of other genres, ${merge.invalid.length} invalid); base ${before.length} → ${merge.merged.length}, ${(growth * 100).toFixed(1)}% since the last training` });
  run.emit({ type: 'stage-done', runId, at: clock(), stage: 'feed', attempts: 1, durationMs: clock() - feedStarted });
  const feedOutcome: SerializedOutcome = { name: 'feed', status: 'ran', reasons: ['always runs'], attempts: 1, durationMs: clock() - feedStarted };
  const retrain = growth > threshold;
  const feed: NonNullable<RunJobResult['feed']> = {
    branch: 'feed',
    fetched: batch.fetched ?? batch.songs.length,
    added: merge.added.length,
    dropped: { duplicates: merge.duplicates, otherGenres: merge.otherGenres, invalid: merge.invalid },
    deferred: batch.deferred ?? 0,
    baseBefore: before.length,
    baseAfter: merge.merged.length,
    growth,
    retrained: retrain,
    ...(archivedTo ? { archivedTo } : {}),
  };
  if (!retrain) {
    run.emit({ type: 'stage-log', runId, at: clock(), stage: 'feed', level: 'info', message: `growth ${(growth * 100).toFixed(1)}% ≤ ${(threshold * 100).toFixed(1)}%: no retraining` });
    return finish([feedOutcome], undefined, feed);
  }
  const { outcomes, error } = await runDag();
  return finish([feedOutcome, ...outcomes], error, feed);
}

/** A stage's outcome from its job. */
function outcomeOf(name: string, job: SettledJob | undefined): SerializedOutcome {
  if (job === undefined) return { name, status: 'not-run', reasons: ['its job is gone'], attempts: 0, durationMs: 0 };
  if (job.state === 'completed' && job.returnvalue) {
    const r = job.returnvalue;
    return { name, status: r.status, reasons: r.reasons, attempts: r.attempts, durationMs: r.durationMs, ...(r.result !== undefined ? { result: r.result } : {}) };
  }
  if (job.state === 'failed') {
    if (job.data.error) return { name, status: 'failed', reasons: [], attempts: job.attemptsMade, durationMs: 0, error: job.data.error };
    // A parent fails with "child … failed" when a stage it waits for failed: it never ran.
    if (/^child .* failed$/.test(job.failedReason ?? '')) return { name, status: 'not-run', reasons: ['a stage it needs failed'], attempts: 0, durationMs: 0 };
    return { name, status: 'failed', reasons: [], attempts: job.attemptsMade, durationMs: 0, error: { name: 'PipelineError', code: 'ERR_STAGE_JOB', message: `stage ${name}: ${job.failedReason ?? 'the job failed'}`, badInput: false } };
  }
  return { name, status: 'not-run', reasons: [`its job is ${job.state}`], attempts: 0, durationMs: 0 };
}

async function download(context: WorkerContext, hash: string, path: string): Promise<Awaited<ReturnType<typeof readSongsBase>>> {
  await context.artifacts.get(hash, path);
  return readSongsBase(path);
}

/** Rows the models were last trained on: the last valid validation report of this base, else `fallback`. */
async function lastTrainedSize(context: WorkerContext, state: QueueState, reportRel: string, baseRel: string, root: string, fallback: number): Promise<number> {
  const hash = state.files[reportRel];
  if (hash === undefined) return fallback;
  const path = join(root, ...reportRel.split('/'));
  await context.artifacts.get(hash, path);
  try {
    const report = JSON.parse(await readFile(path, 'utf8')) as Partial<ValidationReport>;
    // The report names the base by the absolute path on the worker that validated it.
    const about = typeof report.file === 'string' && report.file.split(sep).join('/').endsWith(`/${baseRel}`);
    return report.valid && about && typeof report.rows === 'number' ? report.rows : fallback;
  } catch (error) {
    if (error instanceof SyntaxError) return fallback;
    throw error;
  }
}
