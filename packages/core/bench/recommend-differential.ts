/**
 * `npm run bench:recommend-differential -- --against <commit> [--data <csv>] [--playlists N]`:
 * a differential test of `recommend()` against its implementation at `<commit>` — for changes
 * meant to leave every result as it was (speed work, decision 1011). The old `recommend.ts` is
 * written beside the current one (so its imports resolve), both answer the same playlists in
 * every mode, and the results must be identical to the bit (JSON of the whole result, key order
 * included). Exits 1 at the first difference, printing it. Needs git; not a test of the suite
 * because it reads history.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FEATURE_NAMES } from '../src/data/features.js';
import { GaussianMixture } from '../src/models/gaussian-mixture/gaussian-mixture.js';
import { GradientBoostingClassifier } from '../src/models/gradient-boosting/gradient-boosting-classifier.js';
import { StandardScaler } from '../src/preprocessing/standard-scaler.js';
import { createPrng } from '../src/random/prng.js';
import { recommend, type RecommendOptions } from '../src/recommend/recommend.js';
import { RecommenderModel } from '../src/recommend/recommender-model.js';
import { loadTracks } from './tracks-csv.js';

const root = resolve(new URL('.', import.meta.url).pathname, '../../..');
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const against = option('--against');
if (against === undefined) throw new Error('--against <commit> is required');
const PLAYLISTS = Number(option('--playlists') ?? 400);
const real = option('--data') ?? join(root, '../shared/data/spotify-tracks-9-genres.csv');

const referencePath = join(root, 'packages/core/src/recommend/recommend-reference.generated.ts');
writeFileSync(referencePath, execFileSync('git', ['show', `${against}:packages/core/src/recommend/recommend.ts`], { cwd: root, encoding: 'utf8' }));
try {
  const reference = (await import(referencePath)) as { recommend: typeof recommend };
  /** Every mode a caller can pick, each with and without exclusions. */
  const MODES: RecommendOptions[] = [
    {},
    { count: 20 },
    { count: 1 },
    { count: 100 },
    { mixEvidence: 0, count: 20 },
    { diversity: 0, count: 20 },
    { diversity: 2, genreWeight: 0.5, count: 30 },
    { multiGenre: false, mixEvidence: 0 },
    { multiGenre: { minShare: 0.2 }, mixEvidence: 0, count: 20 },
    { temperature: 0.5, mixEvidence: 0 },
    { strategy: 'mean-proba', count: 20 },
    { strategy: 'mean-proba', multiGenre: true, count: 20 },
    { strategy: 'mean-features', count: 20 },
    { strategy: 'mean-features', ranking: 'catalog-order', count: 20 },
    { strategy: 'mean-proba', ranking: 'catalog-order', multiGenre: true, count: 20 },
  ];
  for (const [name, path] of [
    ['fixture', join(root, 'fixtures/dataset.csv')],
    ['real data', real],
  ] as const) {
    if (!existsSync(path)) {
      console.log(`${name}: ${path} not found — skipped`);
      continue;
    }
    const tracks = loadTracks(path);
    const model = buildModel(tracks.X, tracks.genres, tracks.ids);
    const songs = tracks.X.map((x, i) => ({ uri: tracks.ids[i]!, genre: tracks.genres[i]!, features: Object.fromEntries(FEATURE_NAMES.map((n, f) => [n, x[f]!])) }));
    const rng = createPrng(17);
    let calls = 0;
    playlists: for (let p = 0; p < PLAYLISTS; p++) {
      // Runs of the data (mixed genres), one genre's songs, and spotify:track: uris and unknown tracks.
      const size = 1 + rng.int(30);
      const genre = tracks.genres[rng.int(tracks.genres.length)]!;
      const pool = p % 3 === 0 ? songs.filter((s) => s.genre === genre) : songs;
      const start = rng.int(pool.length - size);
      const playlist = pool.slice(start, start + size).map((s, k) => (k % 5 === 4 ? { uri: `spotify:track:${s.uri}`, features: s.features } : { uri: s.uri, features: s.features }));
      if (p % 7 === 0) playlist.push({ uri: 'unknownTrackId00000000', features: null as unknown as Record<string, number> });
      const excludeUris = p % 2 === 0 ? [] : songs.slice(rng.int(songs.length - 10)).slice(0, 10).map((s) => s.uri);
      for (const mode of MODES) {
        for (const options of [mode, { ...mode, excludeUris }, ...(p % 4 === 0 ? [{ ...mode, genre }] : [])]) {
          const now = JSON.stringify(recommend(playlist, model, options));
          const then = JSON.stringify(reference.recommend(playlist, model, options));
          calls++;
          if (now !== then) {
            console.log(`${name}: DIFFERENT on playlist ${p} with ${JSON.stringify(options)}\n now:  ${now.slice(0, 2000)}\n then: ${then.slice(0, 2000)}`);
            process.exitCode = 1;
            break playlists;
          }
        }
      }
    }
    if (process.exitCode === 1) break;
    console.log(`${name}: ${calls} calls (${PLAYLISTS} playlists × ${MODES.length} modes, with and without exclusions, some with a forced genre): identical to ${against}`);
  }
} finally {
  rmSync(referencePath, { force: true });
}

function buildModel(X: number[][], labels: string[], ids: string[]): RecommenderModel {
  const genres = [...new Set(labels)].sort();
  const y = labels.map((g) => genres.indexOf(g));
  const scaler = new StandardScaler().fit(X);
  // A quick classifier: the comparison needs a model, not a good one.
  const classifier = new GradientBoostingClassifier({ learningRate: 0.1, maxDepth: 4, nEstimators: 30, minSamplesLeaf: 20, randomState: 42 }).fit(X, y);
  const genreModels = genres.map((genre) => {
    const members = labels.flatMap((g, i) => (g === genre ? [i] : []));
    const mixture = new GaussianMixture({ nComponents: 3, covarianceType: 'spherical', randomState: 42 }).fit(scaler.transform(members.map((i) => X[i]!)));
    // Some catalog uris in the `spotify:track:` form the pipeline may keep.
    return { genre, mixture, songs: members.map((i) => ({ uri: i % 3 === 0 ? `spotify:track:${ids[i]!}` : ids[i]!, features: X[i]! })) };
  });
  return RecommenderModel.build({ scaler, classifier, genres, genreModels });
}
