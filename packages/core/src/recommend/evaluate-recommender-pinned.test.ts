/**
 * Pins the evaluation's whole report on a fixed model and song set (issue 14, "Growth": the
 * evaluation stage was made cheaper at 100k songs — keys and kNN catalogs built once, per-playlist
 * sets shared by the systems — and must report exactly what it reported before). The snapshot
 * was written by the implementation before those changes; a change that moves any figure
 * fails here with the figure named in the diff.
 */
import { describe, expect, it } from 'vitest';
import { toyModel, toySongs, type ToySong } from '../../test/toy-model.js';
import { evaluateRecommender, knnSystem, type EvaluatedSystem } from './evaluate-recommender.js';
import type { RecommenderModel } from './recommender-model.js';

/** Toy songs plus re-releases: every seventh song again under another id, in its genre. */
function songsWithReReleases(): ToySong[] {
  const songs = toySongs(90, 5);
  const twins = songs.filter((_, i) => i % 7 === 0).map((s, i) => ({ ...s, uri: `${s.uri.slice(0, 18)}rr${String(i).padStart(2, '0')}` }));
  return [...songs, ...twins];
}

/**
 * A system whose answers depend on nothing but its input: catalog songs of the playlist's first
 * true genre from a position given by its uris, one visible track and one repeat slipped in (so
 * the leak and repeat counts are exercised). The recommender's own systems are left out: their
 * lane changes them, and the harness is what is pinned here.
 */
function scriptedSystem(model: RecommenderModel): EvaluatedSystem {
  return {
    name: 'scripted',
    recommend(tracks, count, truth) {
      const g = model.genres.indexOf(truth.genres[0] ?? model.genres[0]!);
      const { catalog } = model.genreModels[g]!;
      let start = 0;
      for (const t of tracks) for (const ch of t.uri ?? '') start = (start * 31 + ch.charCodeAt(0)) % catalog.size;
      const picked = Array.from({ length: count - 2 }, (_, i) => ({ uri: catalog.uris[(start + 3 * i) % catalog.size]!, genre: model.genres[g]! }));
      return { genre: model.genres[(g + (tracks.length % 2)) % model.genres.length]!, recommendations: [...picked, { uri: tracks[0]!.uri!, genre: model.genres[g]! }, picked[0]!] };
    },
  };
}

describe('evaluateRecommender, pinned', () => {
  it('reports the same figures as before its speed-ups, every family, the kNN baselines and a scripted system, configured playlists and re-releases included', async () => {
    const songs = songsWithReReleases();
    const model = toyModel(songs);
    const heldOut = songs.filter((_, i) => i % 2 === 0).map((s) => ({ uri: s.uri, genre: s.genre, features: s.features }));
    const metal = heldOut.filter((s) => s.genre === 'metal');
    const systems = [knnSystem('knn-mean', model, 'mean-vector'), knnSystem('knn-sum', model, 'sum-cosine'), scriptedSystem(model)];
    const report = evaluateRecommender(model, heldOut, { playlists: 9, seed: 7, now: () => 0, systems, configured: [metal.slice(0, 8), heldOut.slice(3, 15)] });
    // NaN (genre figures of configured playlists, both-genre rate of single-genre families) as null, numbers in full.
    const text = `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1)}\n`;
    await expect(text).toMatchFileSnapshot('__snapshots__/evaluate-recommender-pinned.json');
  });
});
