import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { StageFailedError } from '../errors/stage-failed-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { RunRecord } from '../history/run-history.js';
import { runSnapshot } from '../pipeline/run-snapshot.js';
import { createPipeline, settleRun, type PipelineOptions, type PipelineResult } from '../pipeline/run-pipeline.js';
import { archiveSongsBase } from '../songs/archive-songs-base.js';
import { defaultQuarantine } from '../stages/data-ingestion.js';
import { formatSongsBase, readSongsBase } from '../songs/songs-base.js';
import type { FeedDrops, FeedSource } from './feed-source.js';
import { feedQuarantinePath, formatFeedQuarantine } from './feed-quarantine.js';
import { FEED_REASON, FEED_STAGE, feedStageEvents, feedStep, feedThreshold, initStep, noDrops, trainedSize } from './feed-step.js';
import { mergeSongs } from './merge-songs.js';
import { dataIngestionStage } from '../stages/data-ingestion-stage.js';
import { dataValidationStage } from '../stages/data-validation-stage.js';

/** Options of {@link runFeed}. */
export interface RunFeedOptions extends PipelineOptions {
  /** Where new songs come from. */
  source: FeedSource;
  /**
   * Retrain when the base grew by more than this fraction since the models were last trained
   * (the original's 5%).
   * @default 0.05
   */
  threshold?: number;
  /** Where previous bases are archived. @default `archive/` beside the songs base */
  archiveDir?: string;
  /** Cancels the run. */
  signal?: AbortSignal;
  /** Wait for a run in progress instead of failing with `LockHeldError`. @default false */
  wait?: boolean;
}

/** What {@link runFeed} did. */
export interface FeedResult {
  runId: string;
  /** `init`: there was no songs base, so the full pipeline built one; `feed`: songs were fed. */
  branch: 'init' | 'feed';
  /** Candidates the source looked at (when it says). */
  fetched: number;
  /** Songs added to the base. */
  added: number;
  /** Fed songs dropped: already in the base, of other genres, or invalid. */
  dropped: FeedDrops;
  /** New songs the source held back for a later run (a per-genre limit). */
  deferred: number;
  baseBefore: number;
  baseAfter: number;
  /** Growth since the base the models were last trained on, as a fraction. */
  growth: number;
  /** Whether the processing and training stages were run. */
  retrained: boolean;
  /** Where the previous base was archived, when it was replaced. */
  archivedTo?: string;
  /** The pipeline run, when there was one. */
  pipeline?: PipelineResult;
}

/**
 * The feed DAG (the original's Airflow `data_feeding_dag`), under the single-run lock:
 * songs base exists? → feed: collect new songs, merge them (dedupe by uri), archive the
 * previous base with a timestamp and write the new one atomically, then retrain — validation,
 * transformation, classifier ∥ clustering, assembly — only when the base grew by more than
 * `threshold` since the last training. No songs base → the full pipeline builds it first.
 * Every run is recorded in the history (`kind: 'feed'`).
 *
 * @throws `LockHeldError` while another run is in progress; {@link StageFailedError} when a
 * stage fails (the base written by the feed step stays, with its archive).
 *
 * @example
 * ```ts
 * const result = await runFeed({ rootDir, source: mySource, threshold: 0.05 });
 * if (result.retrained) console.log(`retrained on ${result.baseAfter} songs`);
 * ```
 */
export async function runFeed(options: RunFeedOptions): Promise<FeedResult> {
  const threshold = feedThreshold(options.threshold);
  const { manager, runner, history } = await createPipeline(options);
  const clock = options.clock ?? Date.now;
  const emit = (event: PipelineEvent): void => options.onEvent?.(event);
  const runId = (options.newRunId ?? randomUUID)();
  const lock = await runner.acquireLock(runId, emit, { wait: options.wait === true, ...(options.signal ? { signal: options.signal } : {}) });
  const startedAt = clock();
  const ingestion = manager.config(dataIngestionStage);
  const basePath = ingestion.songsBasePath;
  const runDag = (): ReturnType<typeof runner.run> => runner.run({ heldLock: lock, runId, ...(options.signal ? { signal: options.signal } : {}) });
  try {
    let before: Awaited<ReturnType<typeof readSongsBase>>;
    try {
      before = await readSongsBase(basePath);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ERR_NO_SONGS_BASE') throw error;
      // No songs base: initialise it with the full pipeline, as the original's branch did.
      const result = await runDag();
      const after = result.status === 'succeeded' ? (await readSongsBase(basePath)).length : 0;
      const feed = initStep(after, result.status === 'succeeded');
      const pipeline = await settleRun(history, result, 'feed', clock(), { feed, ...(result.status === 'succeeded' ? await runSnapshot(manager) : {}) });
      return { runId, ...feed, dropped: noDrops(), deferred: 0, pipeline };
    }

    const events = feedStageEvents(runId, clock, emit);
    events.start();
    let batch;
    try {
      batch = await options.source.collect({ genres: ingestion.genres, knownUris: new Set(before.map((s) => s.uri)), ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      const code = String((e as { code?: unknown }).code ?? 'ERR_UNKNOWN');
      events.fail({ message: e.message, code });
      await history.append({ runId, kind: 'feed', startedAt, finishedAt: clock(), status: 'failed', stages: [{ name: FEED_STAGE, status: 'failed', attempts: 1, durationMs: events.durationMs() }], error: { code, message: e.message } });
      throw new StageFailedError(FEED_STAGE, runId, e);
    }
    const merge = mergeSongs(before, batch, ingestion.genres);
    let archivedTo: string | undefined;
    if (merge.added.length > 0) {
      // Archive first: if the process dies after this, the base is still the old one.
      archivedTo = await archiveSongsBase(basePath, { at: clock(), ...(options.archiveDir ? { archiveDir: options.archiveDir } : {}) });
      await writeFileAtomic(basePath, formatSongsBase(merge.merged));
    }
    const report = await readReport(manager.config(dataValidationStage).reportFile);
    const trainedOn = trainedSize(report, { path: basePath, root: manager.rootDir }, before.length);
    const step = feedStep({ before: before.length, batch, merge, trainedOn, threshold });
    // The quarantine describes the last feed, as the ingestion's describes the last ingestion.
    await writeFileAtomic(feedQuarantinePath((ingestion.quarantine ?? defaultQuarantine(basePath)).file), formatFeedQuarantine(step.quarantine));
    const [done, ...why] = step.log;
    events.log([done!]);
    events.done();
    const feedStage = { name: FEED_STAGE, status: 'ran' as const, attempts: 1, durationMs: events.durationMs() };
    const summary = { ...step.summary, ...(archivedTo ? { archivedTo } : {}) };
    const result: FeedResult = { runId, ...summary, dropped: step.dropped, deferred: step.deferred };
    if (!step.summary.retrained) {
      events.log(why);
      const record: RunRecord = { runId, kind: 'feed', startedAt, finishedAt: clock(), status: 'succeeded', stages: [feedStage], feed: summary };
      await history.append(record);
      return result;
    }
    const dag = await runDag();
    dag.stages.unshift({ ...feedStage, reasons: [FEED_REASON] });
    result.pipeline = await settleRun(history, { ...dag, startedAt }, 'feed', clock(), { feed: summary, ...(dag.status === 'succeeded' ? await runSnapshot(manager) : {}) });
    return result;
  } finally {
    await lock.release();
  }
}

/** The last validation report (parsed), or `undefined` when there is none or it is not JSON. */
async function readReport(reportFile: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(reportFile, 'utf8')) as unknown;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
