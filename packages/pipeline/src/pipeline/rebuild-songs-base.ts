import { randomUUID } from 'node:crypto';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import { StageFailedError } from '../errors/stage-failed-error.js';
import type { RunRecord } from '../history/run-history.js';
import { archiveSongsBase } from '../songs/archive-songs-base.js';
import { readSongsBaseTable } from '../songs/songs-base.js';
import { DataIngestion } from '../stages/data-ingestion.js';
import { createPipeline, type PipelineOptions } from './run-pipeline.js';

/** Options of {@link rebuildSongsBase}. */
export interface RebuildSongsBaseOptions extends PipelineOptions {
  /** Where the current base is archived. @default `archive/` beside the songs base */
  archiveDir?: string;
  /** Cancels the rebuild (the current base stays). */
  signal?: AbortSignal;
}

/** What {@link rebuildSongsBase} did. */
export interface RebuildSongsBaseResult {
  runId: string;
  /** Songs in the base before (`null`: there was none). */
  songsBefore: number | null;
  /** Songs in the rebuilt base. */
  songsAfter: number;
  /** Where the previous base was archived (absent when there was none). */
  archivedTo?: string;
  songsBasePath: string;
}

/**
 * Rebuilds the songs base from the dataset (`data_ingestion.source_URL`), under the run lock:
 * the current base — which may hold fed songs the dataset lacks — is archived with a time stamp
 * first, then ingestion writes the new base atomically. The run is recorded in the history
 * (`kind: 'rebuild-base'`). The models are not retrained: the next `runPipeline` sees the new
 * base and re-runs what it reaches.
 *
 * This is the only way the pipeline replaces an existing base; forcing a run recomputes from the
 * base as it is (issue 12: `msr run --force` used to drop fed songs).
 *
 * @throws `LockHeldError` while another run is in progress; {@link StageFailedError} (stage
 * `data_ingestion`) when the dataset cannot be read — the current base then stays as it was.
 *
 * @example
 * ```ts
 * const { archivedTo, songsAfter } = await rebuildSongsBase({ rootDir: '/srv/msr' });
 * ```
 */
export async function rebuildSongsBase(options: RebuildSongsBaseOptions): Promise<RebuildSongsBaseResult> {
  const { manager, runner, history } = await createPipeline(options);
  const clock = options.clock ?? Date.now;
  const emit = (event: PipelineEvent): void => options.onEvent?.(event);
  const runId = (options.newRunId ?? randomUUID)();
  const lock = await runner.acquireLock(runId, emit);
  const startedAt = clock();
  const ingestion = manager.getDataIngestionConfig();
  const basePath = ingestion.songsBasePath;
  const record = (status: RunRecord['status'], extra: Partial<RunRecord>): Promise<void> =>
    history.append({ runId, kind: 'rebuild-base', startedAt, finishedAt: clock(), status, stages: [{ name: 'data_ingestion', status: status === 'succeeded' ? 'ran' : 'failed', attempts: 1, durationMs: clock() - startedAt }], ...extra });
  try {
    emit({ type: 'stage-start', runId, at: startedAt, stage: 'data_ingestion', attempt: 1, reasons: ['rebuild of the songs base'] });
    let songsBefore: number | null = null;
    let archivedTo: string | undefined;
    try {
      songsBefore = (await readSongsBaseTable(basePath)).rows.length;
      archivedTo = await archiveSongsBase(basePath, { at: clock(), ...(options.archiveDir ? { archiveDir: options.archiveDir } : {}) });
      emit({ type: 'stage-log', runId, at: clock(), stage: 'data_ingestion', level: 'info', message: `songs base (${songsBefore} songs) archived to ${archivedTo}` });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ERR_NO_SONGS_BASE') throw error;
    }
    let written;
    try {
      written = await new DataIngestion(ingestion, options.fetch ? { fetch: options.fetch } : {}).run({
        force: true,
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (update) => emit({ type: 'stage-progress', runId, at: clock(), stage: 'data_ingestion', ...update }),
        onLog: (level, message, data) => emit({ type: 'stage-log', runId, at: clock(), stage: 'data_ingestion', level, message, ...(data ? { data } : {}) }),
      });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      const code = String((e as { code?: unknown }).code ?? 'ERR_UNKNOWN');
      emit({ type: 'stage-fail', runId, at: clock(), stage: 'data_ingestion', attempts: 1, durationMs: clock() - startedAt, error: e.message, code });
      await record('failed', { error: { code, message: e.message } });
      throw new StageFailedError('data_ingestion', runId, e);
    }
    const songsAfter = written.status === 'written' ? written.kept : (await readSongsBaseTable(basePath)).rows.length;
    emit({ type: 'stage-done', runId, at: clock(), stage: 'data_ingestion', attempts: 1, durationMs: clock() - startedAt });
    const rebuild = { songsBefore, songsAfter, ...(archivedTo ? { archivedTo } : {}) };
    await record('succeeded', { rebuild });
    return { runId, ...rebuild, songsBasePath: basePath };
  } finally {
    await lock.release();
  }
}
