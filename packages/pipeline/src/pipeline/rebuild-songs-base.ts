import { randomUUID } from 'node:crypto';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { archiveSongsBase } from '../songs/archive-songs-base.js';
import { readSongsBaseTable } from '../songs/songs-base.js';
import { createPipeline, settleRun, type PipelineOptions, type PipelineResult } from './run-pipeline.js';
import { dataIngestionStage } from '../stages/data-ingestion-stage.js';

/** Options of {@link rebuildSongsBase}. */
export interface RebuildSongsBaseOptions extends PipelineOptions {
  /** Where the current base is archived. @default `archive/` beside the songs base */
  archiveDir?: string;
  /** Cancels the rebuild (the current base stays). */
  signal?: AbortSignal;
}

/** What {@link rebuildSongsBase} did. */
export interface RebuildSongsBaseResult extends PipelineResult {
  /** Songs in the base before (`null`: there was none). */
  songsBefore: number | null;
  /** Songs in the rebuilt base. */
  songsAfter: number;
  /** Where the previous base was archived (absent when there was none). */
  archivedTo?: string;
  songsBasePath: string;
}

/** Counts the songs of a base, `null` when there is none. */
async function songsIn(path: string): Promise<number | null> {
  try {
    return (await readSongsBaseTable(path)).rows.length;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_NO_SONGS_BASE') return null;
    throw error;
  }
}

/**
 * Rebuilds the songs base from the dataset (`data_ingestion.source_URL`), under the run lock:
 * the current base — which may hold fed songs the dataset lacks — is archived with a time stamp
 * first, then `data_ingestion` is forced through the DAG runner (retried like any stage; the
 * new base is written atomically, so a failure leaves the current one). The run is recorded in
 * the history (`kind: 'rebuild-base'`). The models are not retrained: the next `runPipeline`
 * sees the new base and re-runs what it reaches.
 *
 * This is the only way the pipeline replaces an existing base; forcing a run recomputes from the
 * base as it is (issue 12: `msr run --force` used to drop fed songs).
 *
 * @throws `LockHeldError` while another run is in progress; `StageFailedError` (stage
 * `data_ingestion`) when the dataset cannot be read.
 *
 * @example
 * ```ts
 * const { archivedTo, songsAfter } = await rebuildSongsBase({ rootDir: '/srv/msr' });
 * ```
 */
export async function rebuildSongsBase(options: RebuildSongsBaseOptions): Promise<RebuildSongsBaseResult> {
  // The genres chosen from the data come from the dataset being ingested, not the old base.
  const { manager, runner, history } = await createPipeline({ ...options, rebuildSongsBase: true }, { rebuildBase: true });
  const clock = options.clock ?? Date.now;
  const emit = (event: PipelineEvent): void => options.onEvent?.(event);
  const runId = (options.newRunId ?? randomUUID)();
  const lock = await runner.acquireLock(runId, emit);
  const basePath = manager.config(dataIngestionStage).songsBasePath;
  try {
    const songsBefore = await songsIn(basePath);
    const archivedTo = songsBefore === null ? undefined : await archiveSongsBase(basePath, { at: clock(), ...(options.archiveDir ? { archiveDir: options.archiveDir } : {}) });
    if (archivedTo) emit({ type: 'stage-log', runId, at: clock(), stage: dataIngestionStage.name, level: 'info', message: `songs base (${songsBefore} songs) archived to ${archivedTo}` });
    const result = await runner.run({ heldLock: lock, runId, targets: [dataIngestionStage.name], single: true, force: true, ...(options.signal ? { signal: options.signal } : {}) });
    const songsAfter = result.status === 'succeeded' ? ((await songsIn(basePath)) ?? 0) : (songsBefore ?? 0);
    const rebuild = { songsBefore, songsAfter, ...(archivedTo ? { archivedTo } : {}) };
    const settled = await settleRun(history, result, 'rebuild-base', clock(), { rebuild });
    return { ...settled, ...rebuild, songsBasePath: basePath };
  } finally {
    await lock.release();
  }
}
