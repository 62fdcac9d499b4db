import type { Prng } from '../../random/prng.js';
import type { RecommenderModel } from '../recommender-model.js';

/** A song with a known genre, used to build evaluation playlists. */
export interface LabelledSong {
  uri: string;
  genre: string;
  features: Readonly<Record<string, number>>;
}

/**
 * The kinds of held-out playlist:
 * - `coherent`: a seed song and its 19 nearest neighbours in its genre (scaled space) — a curated
 *   playlist; 10 visible, 10 hidden.
 * - `random`: 20 songs drawn from one genre — a loose genre playlist; 10 visible, 10 hidden.
 * - `mix`: 10 songs of each of two genres; 7 of each visible, 3 of each hidden.
 * - `noisy`: 16 songs of one genre and 4 of others; 8 of the genre and the 4 others visible,
 *   the other 8 of the genre hidden.
 * - `three-track`: a coherent neighbourhood of 13; 3 visible, 10 hidden.
 * - `configured`: real playlists given by the caller (the pipeline's `playlists.json`), their
 *   held-out tracks only, half hidden; genres unknown, so no genre figures.
 */
export type PlaylistFamily = 'coherent' | 'random' | 'mix' | 'noisy' | 'three-track' | 'configured';

/** Every family, in report order. */
export const PLAYLIST_FAMILIES: readonly PlaylistFamily[] = ['coherent', 'random', 'mix', 'noisy', 'three-track'];

/** One evaluation playlist: what the system sees, and what it should find. */
export interface HeldOutPlaylist {
  family: PlaylistFamily;
  /** The playlist's genres (one, or two for a mix; none for `configured`). */
  genres: string[];
  visible: LabelledSong[];
  hidden: LabelledSong[];
}

/** Songs by genre, one song per recording, genres sorted. */
export type Pools = Map<string, LabelledSong[]>;

/** Builds one playlist of `family` from `pools` (genre `genre`, `other` for a mix's second). */
export function buildPlaylist(model: RecommenderModel, pools: Pools, family: PlaylistFamily, genre: string, rng: Prng): HeldOutPlaylist {
  const pool = pools.get(genre)!;
  const genres = [...pools.keys()];
  switch (family) {
    case 'coherent': {
      const tracks = rng.shuffle(neighbourhood(model, pool, 20, rng));
      return { family, genres: [genre], hidden: tracks.slice(0, 10), visible: tracks.slice(10) };
    }
    case 'three-track': {
      const tracks = neighbourhood(model, pool, 13, rng);
      // The seed and two of its neighbours visible, like a user starting a playlist.
      const rest = rng.shuffle(tracks.slice(1));
      return { family, genres: [genre], visible: [tracks[0]!, ...rest.slice(0, 2)], hidden: rest.slice(2) };
    }
    case 'random': {
      const tracks = sample(pool, 20, rng);
      return { family, genres: [genre], hidden: tracks.slice(0, 10), visible: tracks.slice(10) };
    }
    case 'mix': {
      const others = genres.filter((g) => g !== genre);
      const second = others[rng.int(others.length)]!;
      const a = sample(pool, 10, rng);
      const b = sample(pools.get(second)!, 10, rng);
      return { family, genres: [genre, second], visible: rng.shuffle([...a.slice(3), ...b.slice(3)]), hidden: [...a.slice(0, 3), ...b.slice(0, 3)] };
    }
    case 'configured':
      throw new Error('configured playlists are given, not built');
    case 'noisy': {
      const tracks = sample(pool, 16, rng);
      const others = genres.filter((g) => g !== genre);
      const noise = Array.from({ length: 4 }, () => {
        const from = pools.get(others[rng.int(others.length)]!)!;
        return from[rng.int(from.length)]!;
      });
      return { family, genres: [genre], hidden: tracks.slice(0, 8), visible: rng.shuffle([...tracks.slice(8), ...noise]) };
    }
  }
}

function sample<T>(pool: readonly T[], n: number, rng: Prng): T[] {
  const copy = pool.slice();
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(copy.length - i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

/** A random seed song and its nearest neighbours in the pool (seed first), in the model's scaled space. */
function neighbourhood(model: RecommenderModel, pool: readonly LabelledSong[], n: number, rng: Prng): LabelledSong[] {
  const d = model.featureNames.length;
  const scaled = scaledPool(model, pool);
  const seed = scaled[rng.int(pool.length)]!;
  return pool
    .map((song, i) => {
      const x = scaled[i]!;
      let d2 = 0;
      for (let f = 0; f < d; f++) d2 += (x[f]! - seed[f]!) ** 2;
      return { song, d2 };
    })
    .sort((a, b) => a.d2 - b.d2 || (a.song.uri < b.song.uri ? -1 : 1))
    .slice(0, n)
    .map(({ song }) => song);
}

const scaledPools = new WeakMap<readonly LabelledSong[], { model: RecommenderModel; rows: Float64Array[] }>();

/**
 * Every pool song in the model's scaled space, computed once per pool: each coherent and
 * three-track playlist measures its seed against the whole pool (at 100k songs, 200 playlists
 * of pools of a few thousand songs each scaled them again every time).
 */
function scaledPool(model: RecommenderModel, pool: readonly LabelledSong[]): Float64Array[] {
  const cached = scaledPools.get(pool);
  if (cached?.model === model) return cached.rows;
  const d = model.featureNames.length;
  const rows = pool.map((song) => model.scaler.transformRow(Float64Array.from(model.featureNames, (name) => song.features[name]!), new Float64Array(d)));
  scaledPools.set(pool, { model, rows });
  return rows;
}
