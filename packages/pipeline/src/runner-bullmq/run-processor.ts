import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildGraph } from '../dag/graph.js';
import { isForced, NOT_RUN_REASON, runDoneEvent, selectStages } from '../dag/plan.js';
import { stageRetry, type StageRetry } from '../dag/retry-policy.js';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { hashPath } from '../fs/hash-path.js';
import type { FeedSource } from '../feed/feed-source.js';
import { feedQuarantinePath, formatFeedQuarantine } from '../feed/feed-quarantine.js';
import { FEED_REASON, FEED_STAGE, feedStageEvents, feedStep, feedThreshold, initStep, noDrops, trainedSize } from '../feed/feed-step.js';
import { defaultQuarantine } from '../stages/data-ingestion.js';
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
  /** How the stage's job is retried (its attempts are `retry.retries + 1`). */
  retry: StageRetry;
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
  const selected = selectStages(graph, data.targets, data.single === true);
  const order = graph.order.filter((n) => selected.has(n));
  const state = await services.readState();
  Object.assign(state.files, data.definition.inputs);
  const rel = (abs: string, what: string): string => rootRelative(root, abs, what);
  const forced = (name: string): boolean => isForced(data.force, name);

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
        const retry = stageRetry(stage, data, data.stageRetries);
        return {
          stage: stage.name,
          jobId: stageJobId(runId, stage.name),
          data: { runId, stage: stage.name, definition: data.definition, force: forced(stage.name), locked: state.stages[stage.name] ?? null, files, retryDelayMs: retry.retryDelayMs, retry },
          retry,
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
    const list = order.map((n) => outcomes.get(n) ?? { name: n, status: 'not-run' as const, reasons: [NOT_RUN_REASON], attempts: 0, durationMs: 0 });
    run.emit(runDoneEvent({ runId, at: clock(), durationMs: clock() - startedAt, failed: failure !== undefined }, list));
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
  if (baseHash === undefined) {
    const { outcomes, error } = await runDag();
    const after = error === undefined && state.files[baseRel] ? (await download(context, state.files[baseRel]!, basePath)).length : 0;
    return finish(outcomes, error, { ...initStep(after, error === undefined), dropped: noDrops(), deferred: 0 });
  }
  const events = feedStageEvents(runId, clock, (event) => run.emit(event));
  events.start();
  const before = await download(context, baseHash, basePath);
  let batch;
  try {
    if (!context.feedSource) throw new PipelineError('ERR_NO_FEED_SOURCE', 'this worker has no feed source (msr worker --drop-folder <dir>, or startPipelineWorker({ feedSource }))', { badInput: true });
    batch = await context.feedSource.collect({ genres: ingestion.genres, knownUris: new Set(before.map((s) => s.uri)), signal: run.signal });
  } catch (caught) {
    const error = serializeError(caught);
    events.fail(error);
    return finish([{ name: FEED_STAGE, status: 'failed', reasons: [FEED_REASON], attempts: 1, durationMs: events.durationMs(), error }], error);
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
  const report = await lastReport(context, state, rel(manager.config(dataValidationStage).reportFile, 'the validation report'), root);
  const step = feedStep({ before: before.length, batch, merge, trainedOn: trainedSize(report, { path: basePath, root }, before.length), threshold: feedThreshold(data.threshold) });
  // The feed's quarantine travels like any output: by hash, checked out into the caller's root.
  const quarantinePath = feedQuarantinePath((ingestion.quarantine ?? defaultQuarantine(basePath)).file);
  await writeFileAtomic(quarantinePath, formatFeedQuarantine(step.quarantine));
  const quarantineHash = (await hashPath(quarantinePath))!;
  await context.artifacts.put(quarantineHash, quarantinePath);
  state.files[rel(quarantinePath, 'the feed quarantine')] = quarantineHash;
  await services.writeState(state);
  const [done, ...why] = step.log;
  events.log([done!]);
  events.done();
  const feedOutcome: SerializedOutcome = { name: FEED_STAGE, status: 'ran', reasons: [FEED_REASON], attempts: 1, durationMs: events.durationMs() };
  const feed: NonNullable<RunJobResult['feed']> = { ...step.summary, dropped: step.dropped, deferred: step.deferred, ...(archivedTo ? { archivedTo } : {}) };
  if (!step.summary.retrained) {
    events.log(why);
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

/** The last validation report of the shared state (parsed), or `undefined` when there is none or it is not JSON. */
async function lastReport(context: WorkerContext, state: QueueState, reportRel: string, root: string): Promise<unknown> {
  const hash = state.files[reportRel];
  if (hash === undefined) return undefined;
  const path = join(root, ...reportRel.split('/'));
  await context.artifacts.get(hash, path);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
