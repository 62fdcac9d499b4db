/**
 * `npm run bench:search`: what names cost and how fast catalog search is (issue 15).
 *
 * - Bundle size (JSON bytes) with and without names at 10k songs (the committed fixture, which
 *   has Kaggle-style names) and 100k songs (the fixture grown by jittering features; names
 *   repeat, ids are unique). Anchor: with names ≤ 1.5× without.
 * - Loading the 100k-song bundle with names (`JSON.parse` + `RecommenderModel.fromJSON`).
 *   Anchor: ≤ 1 s.
 * - `searchCatalog` latency over 2,000 queries a person could type (whole titles, title and
 *   artist prefixes, inner substrings, two-letter queries, accent-free spellings) on the 100k
 *   catalog, after building the index (timed apart). Anchor: p99 ≤ 5 ms.
 *
 * The classifier has the original's shape (250 rounds, depth 5, 10 genres' worth of trees)
 * but is fitted on 2,000 songs: its JSON size depends on its trees, not on the rows. Not a
 * test: figures depend on the machine.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FEATURE_NAMES } from '../src/data/features.js';
import { GaussianMixture } from '../src/models/gaussian-mixture/gaussian-mixture.js';
import { GradientBoostingClassifier } from '../src/models/gradient-boosting/gradient-boosting-classifier.js';
import { StandardScaler } from '../src/preprocessing/standard-scaler.js';
import { createPrng } from '../src/random/prng.js';
import { RecommenderModel, type CatalogSong } from '../src/recommend/recommender-model.js';
import { searchCatalog } from '../src/search/search-catalog.js';
import { table } from './table.js';
import { parseCsv } from './tracks-csv.js';

const root = resolve(new URL('.', import.meta.url).pathname, '../../..');

interface Row extends CatalogSong {
  genre: string;
  features: number[];
}

function loadFixture(): Row[] {
  const [header, ...rows] = parseCsv(readFileSync(join(root, 'fixtures/dataset.csv'), 'utf8'));
  const at = (name: string) => header!.indexOf(name);
  const seen = new Set<string>();
  // The fixture is deliberately dirty (repeated ids, bad cells): keep each id once, with finite features.
  return rows
    .filter((r) => r.length === header!.length)
    .map((r): Row => ({
      uri: r[at('track_id')]!,
      genre: r[at('track_genre')]!,
      features: FEATURE_NAMES.map((f) => Number(r[at(f)])),
      name: r[at('track_name')]!,
      artist: r[at('artists')]!,
      album: r[at('album_name')]!,
      popularity: Number(r[at('popularity')]),
      durationMs: Number(r[at('duration_ms')]),
      explicit: r[at('explicit')] === 'True',
    }))
    .filter((r) => r.features.every(Number.isFinite) && Number.isInteger(r.popularity) && Number.isInteger(r.durationMs) && !seen.has(r.uri) && seen.add(r.uri) !== undefined);
}

function grow(rows: Row[], size: number): Row[] {
  const rng = createPrng(11);
  return Array.from({ length: size }, (_, i) => {
    const r = rows[i % rows.length]!;
    const features = r.features.map((v, f) => (FEATURE_NAMES[f] === 'key' ? v : v * (1 + 0.02 * rng.normal())));
    // Copies are not clones: a title gains a word of another title (so titles stay mostly
    // distinct), artists and albums are drawn from other rows (pools as varied as the fixture's).
    const k = Math.floor(i / rows.length);
    const j = i % rows.length;
    const other = rows[(j * 31 + k * 7) % rows.length]!.name!.split(' ');
    const name = k === 0 ? r.name : `${r.name} ${other[k % other.length]}`;
    // Variants keep the share of distinct artists and albums near Kaggle's (27%, 41%), so
    // pooling them is not flattered by the fixture's small pools.
    const artist = `${rows[(j + 7 * k) % rows.length]!.artist}${k === 0 ? '' : ` ${(j * 7 + k) % 12}`}`;
    const album = `${rows[(j + 13 * k) % rows.length]!.album}${k === 0 ? '' : ` ${(j * 5 + k) % 19}`}`;
    return { ...r, uri: `${r.uri.slice(0, 16)}${i.toString(36).padStart(6, '0')}`, features, name, artist, album };
  });
}

const unnamed = ({ uri, genre, features }: Row): Row => ({ uri, genre, features });

function buildModel(rows: Row[], classifier: GradientBoostingClassifier, scaler: StandardScaler, genres: string[], mixtures: Map<string, GaussianMixture>): RecommenderModel {
  return RecommenderModel.build({
    scaler,
    classifier,
    genres,
    genreModels: genres.map((genre) => ({ genre, mixture: mixtures.get(genre)!, songs: rows.filter((r) => r.genre === genre) })),
    training: { createdAt: '2026-01-01T00:00:00.000Z' },
  });
}

const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

const fixture = loadFixture();
const genres = [...new Set(fixture.map((r) => r.genre))].sort();
const scaler = new StandardScaler().fit(fixture.map((r) => r.features));
const rng = createPrng(5);
const sample = Array.from({ length: 2000 }, () => fixture[rng.int(fixture.length)]!);
let t0 = performance.now();
const classifier = new GradientBoostingClassifier({ learningRate: 0.008, maxDepth: 5, nEstimators: 250, randomState: 42 }).fit(
  sample.map((r) => r.features),
  sample.map((r) => genres.indexOf(r.genre)),
);
console.log(`classifier: 250 rounds × ${genres.length} genres, depth 5, fitted on 2,000 songs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const mixtures = new Map(
  genres.map((genre) => [genre, new GaussianMixture({ nComponents: 3, covarianceType: 'spherical', randomState: 42 }).fit(scaler.transform(fixture.filter((r) => r.genre === genre).map((r) => r.features)))]),
);

console.log('\n## bundle size (JSON), names vs none');
const sizes: (string | number)[][] = [];
let big: { named: RecommenderModel; text: string; plain: string } | undefined;
for (const [label, rows] of [
  ['fixture', fixture],
  ['fixture grown', grow(fixture, 100_000)],
] as const) {
  const plain = JSON.stringify(buildModel(rows.map(unnamed), classifier, scaler, genres, mixtures).toJSON());
  const without = Buffer.byteLength(plain);
  const named = buildModel(rows, classifier, scaler, genres, mixtures);
  const text = JSON.stringify(named.toJSON());
  const withNames = Buffer.byteLength(text);
  sizes.push([`${label}, ${named.catalogSize} songs`, mb(without), mb(withNames), `${(withNames / without).toFixed(2)}×`, '≤ 1.50×']);
  if (named.catalogSize >= 100_000) big = { named, text, plain };
  const distinct = (f: (r: Row) => string | undefined) => `${((100 * new Set(rows.map(f)).size) / rows.length).toFixed(0)}%`;
  console.log(`${label}: distinct titles ${distinct((r) => r.name)}, artists ${distinct((r) => r.artist)}, albums ${distinct((r) => r.album)} (Kaggle, 114k rows: 64%, 27%, 41%)`);
}
table(['catalog', 'without names', 'with names', 'ratio', 'anchor'], sizes);

console.log('\n## loading the 100k-song bundle with names (JSON.parse + fromJSON), 3 loads');
const medianLoad = (text: string): number => {
  const loads: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    RecommenderModel.fromJSON(JSON.parse(text));
    loads.push(performance.now() - t0);
  }
  return loads.sort((a, b) => a - b)[1]!;
};
const withNamesMs = medianLoad(big!.text);
const withoutNamesMs = medianLoad(big!.plain);
table(
  ['figure', 'ms', 'anchor', 'ratio'],
  [
    ['median load, with names', withNamesMs.toFixed(0), '≤ 1000', (withNamesMs / 1000).toFixed(2)],
    ['median load, without names (before)', withoutNamesMs.toFixed(0), '—', '—'],
  ],
);

console.log('\n## searchCatalog on 100k songs');
const model = big!.named;
t0 = performance.now();
searchCatalog(model, 'warm');
const indexMs = performance.now() - t0;
const strip = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '');
const q = createPrng(9);
const queries: string[] = [];
for (let i = 0; i < 2000; i++) {
  const r = fixture[q.int(fixture.length)]!;
  const name = r.name!;
  const artist = r.artist!.split(';')[0]!;
  const kind = i % 6;
  const start = q.int(Math.max(1, name.length - 4));
  queries.push(
    kind === 0 ? name : kind === 1 ? name.slice(0, 3 + q.int(4)) : kind === 2 ? artist.slice(0, 4 + q.int(6)) : kind === 3 ? name.slice(start, start + 4) : kind === 4 ? 'abcdefghilmnoprstu'[q.int(18)]! + 'aeiou'[q.int(5)]! : strip(artist).toUpperCase(),
  );
}
for (let i = 0; i < 300; i++) searchCatalog(model, queries[i]!);
const timed: { query: string; ms: number }[] = [];
let hits = 0;
for (const query of queries) {
  t0 = performance.now();
  hits += searchCatalog(model, query).length;
  timed.push({ query, ms: performance.now() - t0 });
}
const times = timed.map((x) => x.ms).sort((a, b) => a - b);
const slowest = [...timed].sort((a, b) => b.ms - a.ms).slice(0, 5);
table(
  ['figure', 'ms', 'anchor', 'ratio'],
  [
    ['index build (first search)', indexMs.toFixed(0), '—', '—'],
    ['p50', percentile(times, 0.5).toFixed(3), '—', '—'],
    ['p99', percentile(times, 0.99).toFixed(3), '≤ 5', (percentile(times, 0.99) / 5).toFixed(2)],
    ['max', times.at(-1)!.toFixed(3), '—', '—'],
  ],
);
console.log(`(${queries.length} queries, ${(hits / queries.length).toFixed(1)} hits each on average, limit 20)`);
console.log(`slowest: ${slowest.map((x) => `${JSON.stringify(x.query)} ${x.ms.toFixed(1)} ms`).join(', ')}`);
