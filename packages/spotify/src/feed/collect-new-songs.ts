import type { AudioFeatures, Song } from '@msr/core';
import { RecommendationsUnavailable } from '../errors/access-errors.js';
import { InvalidOptionError } from '../errors/input-errors.js';
import { HttpStatusError, RateLimitedError, SpotifyError, TokenRequestError } from '../errors/spotify-error.js';
import type { ProviderAttempt } from '../features/features-chain.js';
import type { AudioFeaturesProvider } from '../features/features-provider.js';
import { outcomesOf } from '../features/outcomes.js';
import { pickFeatures } from '../features/pick-features.js';
import { featureIssues } from '../features/feature-rules.js';
import { isSpotifyId } from '../ids/spotify-id.js';
import type { CandidateTrack, TrackSource } from './track-source.js';

/** Per-genre figures of one feed run. */
export interface GenreReport {
  readonly genre: string;
  /** Candidates the source returned. */
  readonly fetched: number;
  /** Candidates not already in the base nor taken by an earlier genre of this run. */
  readonly fresh: number;
  /** Rows produced (fresh candidates with features). */
  readonly added: number;
  /** Why the source failed for this genre, if it did. */
  readonly error?: SpotifyError | undefined;
}

/** A fresh track left out because no provider had its features. */
export interface MissingFeatures {
  readonly id: string;
  readonly genre: string;
  readonly attempts: readonly ProviderAttempt[];
}

/** What {@link collectNewSongs} returns; merging into the base is the pipeline's job. */
export interface FeedResult {
  /**
   * New songs-base rows (`Song` of `@msr/core`, valid against its `songSchema`), by genre in the
   * configured order, then source order.
   */
  readonly songs: Song[];
  /** Which provider (or the source itself) supplied each new row's features. */
  readonly provenance: Map<string, string>;
  readonly genres: GenreReport[];
  readonly missingFeatures: MissingFeatures[];
}

/** Progress of a feed run, for logs (a library never prints). */
export type FeedProgress =
  /** The source answered (or failed) for one genre. */
  | { readonly type: 'fetched'; readonly genre: string; readonly fetched: number; readonly fresh: number; readonly error?: SpotifyError | undefined }
  /** The features lookup for all fresh candidates finished. */
  | { readonly type: 'features'; readonly requested: number; readonly found: number };

/** Options of {@link collectNewSongs}. */
export interface CollectNewSongsOptions {
  /** The configured genres, in order. */
  genres: readonly string[];
  /** Where new tracks come from. */
  source: TrackSource;
  /** Features for candidates the source gives none for (usually a {@link createFeaturesChain}). */
  features?: AudioFeaturesProvider;
  /** Track ids already in the songs base; they are skipped. */
  knownIds?: Iterable<string>;
  /**
   * Candidates asked per genre (the original asked for 20).
   * @default 20
   */
  perGenre?: number;
  signal?: AbortSignal;
  onProgress?: (event: FeedProgress) => void;
}

/** Source errors after which asking for further genres is pointless. */
function stopsTheRun(error: SpotifyError): boolean {
  return (
    error instanceof RecommendationsUnavailable ||
    error instanceof RateLimitedError ||
    error instanceof TokenRequestError ||
    (error instanceof HttpStatusError && (error.status === 401 || error.status === 403))
  );
}

/**
 * The feed (what the original's Airflow tasks did): asks `source` for new tracks per genre,
 * skips known ids and ids already taken this run, looks up missing features in one batched
 * call, and returns songs-base rows with per-genre figures. A source failure for one genre is
 * reported and the run goes on (or stops early for errors that would repeat for every genre,
 * such as {@link RecommendationsUnavailable}).
 *
 * @example
 * ```ts
 * const { songs, genres } = await collectNewSongs({
 *   genres: SEED_GENRES,
 *   source: spotifySearchSource(client),
 *   features: createFeaturesChain([reccoBeatsFeaturesProvider()]),
 *   knownIds: songsBase.map((s) => s.uri),
 * });
 * ```
 */
export async function collectNewSongs(options: CollectNewSongsOptions): Promise<FeedResult> {
  const perGenre = options.perGenre ?? 20;
  if (!Number.isInteger(perGenre) || perGenre < 1) throw new InvalidOptionError('perGenre', `a positive integer, got ${perGenre}`);
  const genres = [...new Set(options.genres)];
  if (genres.length === 0 || genres.some((g) => typeof g !== 'string' || g.trim() === '')) {
    throw new InvalidOptionError('genres', 'a non-empty list of non-empty genre names');
  }
  const onProgress = options.onProgress ?? (() => {});
  const taken = new Set(options.knownIds ?? []);
  const fresh: CandidateTrack[] = [];
  const reports = new Map<string, { fetched: number; fresh: number; error?: SpotifyError }>();
  let stopped: SpotifyError | undefined;

  for (const genre of genres) {
    if (stopped) {
      reports.set(genre, { fetched: 0, fresh: 0, error: stopped });
      onProgress({ type: 'fetched', genre, fetched: 0, fresh: 0, error: stopped });
      continue;
    }
    let candidates: CandidateTrack[];
    try {
      candidates = await options.source.fetchTracks(genre, { limit: perGenre, exclude: taken, signal: options.signal });
    } catch (error) {
      if (!(error instanceof SpotifyError)) throw error;
      reports.set(genre, { fetched: 0, fresh: 0, error });
      onProgress({ type: 'fetched', genre, fetched: 0, fresh: 0, error });
      if (stopsTheRun(error)) stopped = error;
      continue;
    }
    let count = 0;
    for (const candidate of candidates) {
      if (!isSpotifyId(candidate.id) || taken.has(candidate.id)) continue;
      taken.add(candidate.id);
      fresh.push({ ...candidate, genre });
      count++;
    }
    reports.set(genre, { fetched: candidates.length, fresh: count });
    onProgress({ type: 'fetched', genre, fetched: candidates.length, fresh: count });
  }

  const provenance = new Map<string, string>();
  const features = new Map<string, AudioFeatures>();
  for (const c of fresh) {
    // Features a source supplies are used only if the songs base accepts them; otherwise the
    // providers are asked, as for candidates without any.
    if (c.features && featureIssues(c.features).length === 0) {
      features.set(c.id, c.features);
      provenance.set(c.id, options.source.name);
    }
  }
  const lacking = fresh.filter((c) => !features.has(c.id)).map((c) => c.id);
  const attempts = new Map<string, readonly ProviderAttempt[]>();
  if (lacking.length > 0 && options.features) {
    const lookup = await options.features.getFeatures(lacking, { signal: options.signal });
    for (const [id, outcome] of outcomesOf(lookup, lacking, options.features.name)) {
      if (outcome.status === 'found') {
        features.set(id, outcome.features);
        provenance.set(id, outcome.provider);
      } else attempts.set(id, outcome.attempts);
    }
    onProgress({ type: 'features', requested: lacking.length, found: lacking.length - attempts.size });
  }

  const songs: Song[] = [];
  const missingFeatures: MissingFeatures[] = [];
  const added = new Map<string, number>();
  for (const c of fresh) {
    const f = features.get(c.id);
    if (!f) {
      missingFeatures.push({ id: c.id, genre: c.genre, attempts: attempts.get(c.id) ?? [] });
      continue;
    }
    const row: Song = { uri: c.id, genre: c.genre, ...pickFeatures(f), ...(c.name !== undefined && { name: c.name }), ...(c.artist !== undefined && { artist: c.artist }) };
    songs.push(row);
    added.set(c.genre, (added.get(c.genre) ?? 0) + 1);
  }
  const genreReports: GenreReport[] = genres.map((genre) => {
    const r = reports.get(genre)!;
    return { genre, fetched: r.fetched, fresh: r.fresh, added: added.get(genre) ?? 0, ...(r.error && { error: r.error }) };
  });
  return { songs, provenance, genres: genreReports, missingFeatures };
}
