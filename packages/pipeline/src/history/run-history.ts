import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One stage of a recorded run. */
export interface RunRecordStage {
  name: string;
  status: 'ran' | 'skipped' | 'failed' | 'not-run';
  attempts: number;
  durationMs: number;
}

/** One recorded run of the pipeline or of the feed DAG. */
export interface RunRecord {
  runId: string;
  /** `rebuild-base`: the songs base was archived and rebuilt from the dataset (`rebuildSongsBase`). */
  kind: 'pipeline' | 'feed' | 'rebuild-base';
  startedAt: number;
  finishedAt: number;
  status: 'succeeded' | 'failed';
  stages: RunRecordStage[];
  /** Why it failed. */
  error?: { code: string; message: string };
  /**
   * For a run that died holding the run lock (killed, crashed): the run that took the stale lock
   * over, why the lock was stale, and the tracked runs it found RUNNING and ended as KILLED.
   * Such a record is written by the run that took over (`error.code` `ERR_KILLED`).
   */
  takeover?: { by: string; reason: string; trackingRunsKilled: string[] };
  /** For a feed run: what the feed did and whether it retrained. */
  feed?: {
    branch: 'feed' | 'init';
    fetched: number;
    added: number;
    baseBefore: number;
    baseAfter: number;
    /** Growth since the base the models were last trained on, as a fraction. */
    growth: number;
    retrained: boolean;
    archivedTo?: string;
  };
  /** `params.yaml` as the run used it (for `msr params diff`); absent on failed runs. */
  params?: Record<string, unknown>;
  /** The metrics after the run, flattened (`accuracy`, `f1.<genre>`, `silhouette.<genre>`…), for `msr metrics diff`. */
  metrics?: Record<string, number>;
  /** For a rebuild of the songs base: its size before (null: there was none) and after, and its archive. */
  rebuild?: { songsBefore: number | null; songsAfter: number; archivedTo?: string };
}

/** A filter for {@link RunHistory.list}. */
export interface RunHistoryQuery {
  kind?: RunRecord['kind'];
  status?: RunRecord['status'];
  /** Only runs started at or after this time (ms since the epoch). */
  since?: number;
  /** At most this many, newest first. @default 50 */
  limit?: number;
}

/**
 * The queryable history of pipeline and feed runs: one JSON line per run, appended (a crash
 * can at worst leave a last partial line, which reading skips).
 *
 * @example
 * ```ts
 * const history = new RunHistory(`${root}/.msr/history.jsonl`);
 * const [last] = await history.list({ kind: 'feed', limit: 1 });
 * ```
 */
export class RunHistory {
  /** The history file. */
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** Appends a run. */
  async append(record: RunRecord): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, `${JSON.stringify(record)}\n`);
  }

  /** Runs matching `query`, newest first. */
  async list(query: RunHistoryQuery = {}): Promise<RunRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records: RunRecord[] = [];
    for (const line of text.split('\n')) {
      if (line === '') continue;
      let record: RunRecord;
      try {
        record = JSON.parse(line) as RunRecord;
      } catch {
        continue; // a line cut short by a crash
      }
      if (query.kind !== undefined && record.kind !== query.kind) continue;
      if (query.status !== undefined && record.status !== query.status) continue;
      if (query.since !== undefined && record.startedAt < query.since) continue;
      records.push(record);
    }
    return records.reverse().slice(0, query.limit ?? 50);
  }
}
