/**
 * @module
 * The feed step's decision, shared by the in-process `runFeed` and the BullMQ runner: how much
 * the songs base grew since the models were last trained, whether that passes the threshold,
 * and what the step reports and logs. Pure: each runner reads and writes its own files.
 */
import { isAbsolute } from 'node:path';
import { lockPath } from '../dag/portable.js';
import { PipelineError } from '../errors/pipeline-error.js';
import type { PipelineEvent } from '../dag/pipeline-event.js';
import type { RunRecord } from '../history/run-history.js';
import type { FeedBatch, FeedDrops, InvalidFeedRow } from './feed-source.js';
import type { MergeResult } from './merge-songs.js';

/** Retrain when the base grew by more than this fraction since the last training: the original's 5%. */
export const DEFAULT_FEED_THRESHOLD = 0.05;

/**
 * The threshold, checked: a fraction ≥ 0.
 * @throws `PipelineError` `ERR_INVALID_ARGUMENT` (bad input) otherwise.
 */
export function feedThreshold(threshold: number = DEFAULT_FEED_THRESHOLD): number {
  if (!(threshold >= 0)) throw new PipelineError('ERR_INVALID_ARGUMENT', `options.threshold: must be a fraction ≥ 0, got ${threshold}`, { badInput: true });
  return threshold;
}

/**
 * Whether a validation report's `file` (the absolute path it validated, on the machine and in the
 * root where it ran) names the songs base at `basePath` under `root`. Compared root-relative, as
 * `msr.lock` names paths: the same path, or — for a base below the root — the same root-relative
 * path under another root (the root was moved or copied, or a queue worker validated it in its
 * own scratch root). A base outside the root must be the very same path.
 */
export function reportNamesBase(reportFile: string, basePath: string, root: string): boolean {
  const base = lockPath(root, basePath);
  if (lockPath(root, reportFile) === base) return true;
  if (isAbsolute(base)) return false;
  return reportFile.replace(/\\/g, '/').endsWith(`/${base}`);
}

/**
 * The number of songs the models were last trained on: the rows of the last validation report
 * (parsed JSON, `undefined` when there is none) when it is valid and about this base, else
 * `fallback` (the base before this feed).
 */
export function trainedSize(report: unknown, base: { path: string; root: string }, fallback: number): number {
  if (typeof report !== 'object' || report === null) return fallback;
  const { valid, file, rows } = report as { valid?: unknown; file?: unknown; rows?: unknown };
  return valid === true && typeof file === 'string' && reportNamesBase(file, base.path, base.root) && typeof rows === 'number' ? rows : fallback;
}

/** What the feed step did, as both runners report it and the run history records it (`growth`: since the last training). */
export type FeedStepSummary = Omit<NonNullable<RunRecord['feed']>, 'branch' | 'archivedTo'> & { branch: 'feed' };

/** The feed step's decision. */
export interface FeedStep {
  summary: FeedStepSummary;
  /** Fed songs that were not added, by reason (the source's census and the merge's); invalid ones by uri and reason. */
  dropped: FeedDrops;
  /** The invalid rows with everything known of them (file, line, column, code): the feed's quarantine. */
  quarantine: InvalidFeedRow[];
  /** New songs the source held back for a later run. */
  deferred: number;
  /** The step's log lines, in order: what the feed did, then why there is no retraining when there is none. */
  log: string[];
}

/** What {@link feedStep} decides from. */
export interface FeedStepInputs {
  /** Songs in the base before this feed. */
  before: number;
  /** What the source returned. */
  batch: Pick<FeedBatch, 'songs' | 'fetched' | 'deferred'>;
  /** The merge of the batch into the base. */
  merge: Pick<MergeResult, 'merged' | 'added' | 'duplicates' | 'otherGenres' | 'invalid'>;
  /** Songs the models were last trained on ({@link trainedSize}). */
  trainedOn: number;
  /** A fraction ≥ 0 ({@link feedThreshold}). */
  threshold: number;
}

/** An invalid row as results list it: its uri, and its reason led by `file:line: ` when the uri does not already say where it is. */
function published(row: InvalidFeedRow): { uri: string; reason: string } {
  const at = row.file !== undefined && row.line !== undefined ? `${row.file}:${row.line}` : undefined;
  return { uri: row.uri, reason: at !== undefined && row.uri !== at ? `${at}: ${row.reason}` : row.reason };
}

const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

/**
 * Decides the feed step: growth is `(after − trainedOn) / trainedOn` (1 when nothing was trained
 * on), and the stages retrain only when it is MORE than the threshold, as the original DAG.
 *
 * @example
 * ```ts
 * const step = feedStep({ before: 300, batch, merge, trainedOn: 300, threshold: 0.05 });
 * if (step.summary.retrained) await runStages();
 * ```
 */
export function feedStep(inputs: FeedStepInputs): FeedStep {
  const { before, batch, merge, trainedOn, threshold } = inputs;
  const after = merge.merged.length;
  const growth = trainedOn === 0 ? 1 : (after - trainedOn) / trainedOn;
  const retrained = growth > threshold;
  const deferred = batch.deferred ?? 0;
  const log = [
    `${merge.added.length} new songs (${merge.duplicates} known, ${merge.otherGenres} of other genres, ${merge.invalid.length} invalid${deferred ? `, ${deferred} left for the next run` : ''}); base ${before} → ${after}, ${percent(growth)} since the last training`,
  ];
  if (!retrained) log.push(`growth ${percent(growth)} ≤ ${percent(threshold)}: no retraining`);
  return {
    summary: { branch: 'feed', fetched: batch.fetched ?? batch.songs.length, added: merge.added.length, baseBefore: before, baseAfter: after, growth, retrained },
    // The result keeps its published shape; where a row came from goes to the quarantine file.
    dropped: { duplicates: merge.duplicates, otherGenres: merge.otherGenres, invalid: merge.invalid.map(published) },
    quarantine: [...merge.invalid],
    deferred,
    log,
  };
}

/** The summary of the feed's other branch: there was no songs base, so the full pipeline built one. */
export function initStep(after: number, succeeded: boolean): Omit<FeedStepSummary, 'branch'> & { branch: 'init' } {
  return { branch: 'init', fetched: 0, added: after, baseBefore: 0, baseAfter: after, growth: 0, retrained: succeeded };
}

/** No songs dropped (a new object each time: callers may add to it). */
export function noDrops(): FeedDrops {
  return { duplicates: 0, otherGenres: 0, invalid: [] };
}

/** The feed step is reported as a stage of this name, which always runs, once. */
export const FEED_STAGE = 'feed';

/** Why the feed stage runs. */
export const FEED_REASON = 'always runs';

/** The events of the feed stage, as both runners emit them; `durationMs()` since {@link feedStageEvents} was called. */
export interface FeedStageEvents {
  durationMs(): number;
  start(): void;
  log(lines: readonly string[]): void;
  done(): void;
  fail(error: { message: string; code: string }): void;
}

/** Emits the feed stage's `stage-start`, `stage-log`, `stage-done` and `stage-fail` events for run `runId`. */
export function feedStageEvents(runId: string, clock: () => number, emit: (event: PipelineEvent) => void): FeedStageEvents {
  const started = clock();
  const stage = FEED_STAGE;
  const durationMs = (): number => clock() - started;
  return {
    durationMs,
    start: () => emit({ type: 'stage-start', runId, at: started, stage, attempt: 1, reasons: [FEED_REASON] }),
    log: (lines) => {
      for (const message of lines) emit({ type: 'stage-log', runId, at: clock(), stage, level: 'info', message });
    },
    done: () => emit({ type: 'stage-done', runId, at: clock(), stage, attempts: 1, durationMs: durationMs() }),
    fail: (error) => emit({ type: 'stage-fail', runId, at: clock(), stage, attempts: 1, durationMs: durationMs(), error: error.message, code: error.code }),
  };
}
