import type { Database } from '../db/database.js';

/** One logged recommendation request. */
export interface RecommendationLogEntry {
  requestId: string;
  userId: string | undefined;
  /** ms since the epoch. */
  at: number;
  /** How the playlist was given, e.g. `index:12`, `spotify:37i9dQZF1DXcBWIGoYBM5M`, `uris:14`. */
  playlistRef: string;
  genre: string;
  similarity: number;
  count: number;
  latencyMs: number;
  modelVersion: string | undefined;
}

/** One point of the monitoring series. */
export interface SimilarityPoint {
  at: number;
  genre: string;
  similarity: number;
  requestId: string;
  /** Songs asked for. */
  count?: number;
  /** Time to resolve the playlist and recommend, in ms. */
  latencyMs?: number;
  /** The model that answered. */
  modelVersion?: string;
}

/** Options of {@link RecommendationLog}. */
export interface RecommendationLogOptions {
  /** Entries wait at most this long before being written. @default 50 */
  flushDelayMs?: number;
  /** Write as soon as this many entries wait. @default 100 */
  maxBatch?: number;
  /** Told when a batch cannot be written. */
  onError?: (error: unknown, dropped: number) => void;
}

/**
 * Every recommendation, kept for monitoring (the original stored the similarity per request).
 * Entries are written off the request path in small batches, one transaction each, so a
 * request never waits for the log and the database sees a few commits a second instead of one
 * per request (docs/decisions/0603).
 */
export class RecommendationLog {
  private queue: RecommendationLogEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly flushDelayMs: number;
  private readonly maxBatch: number;

  constructor(
    private readonly db: Database,
    private readonly options: RecommendationLogOptions = {},
  ) {
    this.flushDelayMs = options.flushDelayMs ?? 50;
    this.maxBatch = options.maxBatch ?? 100;
  }

  /** Queues an entry; it is written within `flushDelayMs`. */
  append(entry: RecommendationLogEntry): void {
    this.queue.push(entry);
    if (this.queue.length >= this.maxBatch) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.flushDelayMs);
      this.timer.unref();
    }
  }

  /** Writes everything queued so far; resolves when it is in the database. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length > 0) {
      this.writing = this.writing.then(() =>
        this.db
          .batch(
            batch.map((e) => ({
              sql: `INSERT INTO recommendations (request_id, user_id, at, playlist_ref, genre, similarity, count, latency_ms, model_version)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              args: [e.requestId, e.userId ?? null, e.at, e.playlistRef, e.genre, e.similarity, e.count, e.latencyMs, e.modelVersion ?? null],
            })),
            'write',
          )
          .then(
            () => undefined,
            (error: unknown) => this.options.onError?.(error, batch.length),
          ),
      );
    }
    return this.writing;
  }

  /** Points with `from <= at < to`, oldest first, at most `limit` (the most recent ones). */
  async series(range: { from: number; to: number }, limit = 5_000): Promise<SimilarityPoint[]> {
    await this.flush();
    const rows = await this.db.execute({
      sql: `SELECT at, genre, similarity, request_id, count, latency_ms, model_version FROM (
              SELECT at, genre, similarity, request_id, count, latency_ms, model_version, id FROM recommendations WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?
            ) ORDER BY at, id`,
      args: [range.from, range.to, limit],
    });
    return rows.rows.map((r) => ({
      at: Number(r['at']),
      genre: String(r['genre']),
      similarity: Number(r['similarity']),
      requestId: String(r['request_id']),
      count: Number(r['count']),
      latencyMs: Math.round(Number(r['latency_ms']) * 100) / 100,
      ...(r['model_version'] === null ? {} : { modelVersion: String(r['model_version']) }),
    }));
  }
}
