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
}

/** Every recommendation, kept for monitoring (the original stored the similarity per request). */
export class RecommendationLog {
  constructor(private readonly db: Database) {}

  async append(entry: RecommendationLogEntry): Promise<void> {
    await this.db.execute({
      sql: `INSERT INTO recommendations (request_id, user_id, at, playlist_ref, genre, similarity, count, latency_ms, model_version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        entry.requestId,
        entry.userId ?? null,
        entry.at,
        entry.playlistRef,
        entry.genre,
        entry.similarity,
        entry.count,
        entry.latencyMs,
        entry.modelVersion ?? null,
      ],
    });
  }

  /** Points with `from <= at < to`, oldest first, at most `limit` (the most recent ones). */
  async series(range: { from: number; to: number }, limit = 5_000): Promise<SimilarityPoint[]> {
    const rows = await this.db.execute({
      sql: `SELECT at, genre, similarity, request_id FROM (
              SELECT at, genre, similarity, request_id, id FROM recommendations WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?
            ) ORDER BY at, id`,
      args: [range.from, range.to, limit],
    });
    return rows.rows.map((r) => ({
      at: Number(r['at']),
      genre: String(r['genre']),
      similarity: Number(r['similarity']),
      requestId: String(r['request_id']),
    }));
  }
}
