import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { StageFailedError } from '../errors/stage-failed-error.js';
import type { ValidationReport } from '../errors/data-validation-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import type { RunRecord } from '../history/run-history.js';
import { runSnapshot } from '../pipeline/run-snapshot.js';
import { createPipeline, settleRun, type PipelineOptions, type PipelineResult } from '../pipeline/run-pipeline.js';
import { archiveSongsBase } from '../songs/archive-songs-base.js';
import { formatSongsBase, readSongsBase } from '../songs/songs-base.js';
import type { FeedDrops, FeedSource } from './feed-source.js';
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
  const threshold = options.threshold ?? 0.05;
  if (!(threshold >= 0)) throw new PipelineError('ERR_INVALID_ARGUMENT', `options.threshold: must be a fraction ≥ 0, got ${threshold}`, { badInput: true });
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
      const feed = { branch: 'init' as const, fetched: 0, added: after, baseBefore: 0, baseAfter: after, growth: 0, retrained: result.status === 'succeeded' };
      const pipeline = await settleRun(history, result, 'feed', clock(), { feed, ...(result.status === 'succeeded' ? await runSnapshot(manager) : {}) });
      return { runId, ...feed, dropped: { duplicates: 0, otherGenres: 0, invalid: [] }, deferred: 0, pipeline };
    }

    const feedStarted = clock();
    emit({ type: 'stage-start', runId, at: feedStarted, stage: 'feed', attempt: 1, reasons: ['always runs'] });
    let batch;
    try {
      batch = await options.source.collect({ genres: ingestion.genres, knownUris: new Set(before.map((s) => s.uri)), ...(options.signal ? { signal: options.signal } : {}) });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      emit({ type: 'stage-fail', runId, at: clock(), stage: 'feed', attempts: 1, durationMs: clock() - feedStarted, error: e.message, code: String((e as { code?: unknown }).code ?? 'ERR_UNKNOWN') });
      await history.append({ runId, kind: 'feed', startedAt, finishedAt: clock(), status: 'failed', stages: [{ name: 'feed', status: 'failed', attempts: 1, durationMs: clock() - feedStarted }], error: { code: String((e as { code?: unknown }).code ?? 'ERR_UNKNOWN'), message: e.message } });
      throw new StageFailedError('feed', runId, e);
    }
    const merge = mergeSongs(before, batch, ingestion.genres);
    let archivedTo: string | undefined;
    if (merge.added.length > 0) {
      // Archive first: if the process dies after this, the base is still the old one.
      archivedTo = await archiveSongsBase(basePath, { at: clock(), ...(options.archiveDir ? { archiveDir: options.archiveDir } : {}) });
      await writeFileAtomic(basePath, formatSongsBase(merge.merged));
    }
    const trainedOn = await lastTrainedSize(manager.config(dataValidationStage).reportFile, relative(manager.rootDir, basePath), before.length);
    const growth = trainedOn === 0 ? 1 : (merge.merged.length - trainedOn) / trainedOn;
    const fetched = batch.fetched ?? batch.songs.length;
    emit({ type: 'stage-log', runId, at: clock(), stage: 'feed', level: 'info', message: `${merge.added.length} new songs (${merge.duplicates} known, ${merge.otherGenres} of other genres, ${merge.invalid.length} invalid${batch.deferred ? `, ${batch.deferred} left for the next run` : ''}); base ${before.length} → ${merge.merged.length}, ${(growth * 100).toFixed(1)}% since the last training` });
    emit({ type: 'stage-done', runId, at: clock(), stage: 'feed', attempts: 1, durationMs: clock() - feedStarted });
    const retrain = growth > threshold;
    const feedStage = { name: 'feed', status: 'ran' as const, attempts: 1, durationMs: clock() - feedStarted };
    const summary = { branch: 'feed' as const, fetched, added: merge.added.length, baseBefore: before.length, baseAfter: merge.merged.length, growth, retrained: retrain, ...(archivedTo ? { archivedTo } : {}) };
    const result: FeedResult = { runId, ...summary, dropped: { duplicates: merge.duplicates, otherGenres: merge.otherGenres, invalid: merge.invalid }, deferred: batch.deferred ?? 0 };
    if (!retrain) {
      emit({ type: 'stage-log', runId, at: clock(), stage: 'feed', level: 'info', message: `growth ${(growth * 100).toFixed(1)}% ≤ ${(threshold * 100).toFixed(1)}%: no retraining` });
      const record: RunRecord = { runId, kind: 'feed', startedAt, finishedAt: clock(), status: 'succeeded', stages: [feedStage], feed: summary };
      await history.append(record);
      return result;
    }
    const dag = await runDag();
    dag.stages.unshift({ ...feedStage, reasons: ['always runs'] });
    result.pipeline = await settleRun(history, { ...dag, startedAt }, 'feed', clock(), { feed: summary, ...(dag.status === 'succeeded' ? await runSnapshot(manager) : {}) });
    return result;
  } finally {
    await lock.release();
  }
}

/** The number of songs the models were last trained on: the rows of the last valid validation report of this base, else `fallback`. */
async function lastTrainedSize(reportFile: string, baseRel: string, fallback: number): Promise<number> {
  try {
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as Partial<ValidationReport>;
    // The report names the base by its absolute path; compare below the root, which may have moved.
    const sameBase = typeof report.file === 'string' && (report.file === baseRel || report.file.endsWith(sep + baseRel));
    return report.valid && sameBase && typeof report.rows === 'number' ? report.rows : fallback;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return fallback;
    throw error;
  }
}
