/**
 * Chooses the classifier's shipped values without touching the held-out songs (decision 1000):
 * `node --conditions=@msr/source --import tsx packages/core/bench/classifier-validation.ts '<configs JSON>' [csv]`,
 * e.g. `'{"depth-wise":{"learningRate":0.1,"maxDepth":5,"minSamplesLeaf":20,"nEstimators":100},"best-first":{"learningRate":0.1,"maxDepth":5,"maxLeafNodes":31,"l2Regularization":1,"minSamplesLeaf":20,"nEstimators":100}}'`.
 * Only the training recordings of bench:recommend's 80/20 split (seed 42, by recording) are used:
 * five 75/25 validation splits of them, by recording, 200 random 20-track playlists per genre
 * from each validation part. Prints per config: per-track accuracy, log loss, and the share of
 * playlists named right by the mean probability and by Σ log((1 − a)·p + a/genres) for several a
 * (a = 0: the sum of log-probabilities), averaged over the splits.
 */
import { GradientBoostingClassifier, type GradientBoostingClassifierOptions } from '../src/models/gradient-boosting/gradient-boosting-classifier.js';
import { recordingGroups } from '../src/preprocessing/recording-groups.js';
import { trainTestSplitIndices } from '../src/preprocessing/train-test-split.js';
import { createPrng } from '../src/random/prng.js';
import { loadTracks } from './tracks-csv.js';

const tracks = loadTracks(process.argv[3] ?? new URL('../../../../shared/data/spotify-tracks-9-genres.csv', import.meta.url).pathname);
const genres = [...new Set(tracks.genres)].sort();
const y = tracks.genres.map((g) => genres.indexOf(g));
const groups = recordingGroups(tracks.X.map((features) => ({ features })));
const outer = trainTestSplitIndices(tracks.X.length, { testSize: 0.2, randomState: 42, stratify: y, groups });
// Only the training recordings from here on: validation splits of them, by recording.
const trainRows = Array.from(outer.train);
const configs: Record<string, GradientBoostingClassifierOptions> = JSON.parse(process.argv[2]!);
const seeds = [1, 2, 3, 4, 5];
const ALPHAS = [0, 0.1, 0.25, 0.5, 0.75];

const acc: Record<string, number[][]> = {};
for (const seed of seeds) {
  const inner = trainTestSplitIndices(trainRows.length, { testSize: 0.25, randomState: seed, stratify: trainRows.map((i) => y[i]!), groups: Int32Array.from(trainRows, (i) => groups[i]!) });
  const fitRows = Array.from(inner.train, (k) => trainRows[k]!);
  const valRows = Array.from(inner.test, (k) => trainRows[k]!);
  const rng = createPrng(100 + seed);
  const byGenre = new Map<number, number[]>();
  for (const i of valRows) byGenre.set(y[i]!, [...(byGenre.get(y[i]!) ?? []), i]);
  const playlists: { g: number; rows: number[] }[] = [];
  for (let g = 0; g < genres.length; g++) for (let t = 0; t < 200; t++) playlists.push({ g, rows: rng.shuffle((byGenre.get(g) ?? []).slice()).slice(0, 20) });
  for (const [name, o] of Object.entries(configs)) {
    const clf = new GradientBoostingClassifier({ randomState: 42, ...o }).fit(fitRows.map((i) => tracks.X[i]!), fitRows.map((i) => y[i]!));
    const proba = new Map(valRows.map((i, k) => [i, clf.predictProba([tracks.X[i]!])[0]!]));
    let track = 0, mean = 0;
    const sums = ALPHAS.map(() => 0);
    let ll = 0;
    for (const i of valRows) { const p = proba.get(i)!; if (p.indexOf(Math.max(...p)) === y[i]) track++; ll -= Math.log(Math.max(p[y[i]!]!, 1e-15)); }
    const K = genres.length;
    for (const p of playlists) {
      const m = new Float64Array(K);
      const s = ALPHAS.map(() => new Float64Array(K));
      for (const r of p.rows) { const q = proba.get(r)!; for (let k = 0; k < K; k++) { m[k]! += q[k]!; ALPHAS.forEach((a, j) => (s[j]![k]! += Math.log((1 - a) * Math.max(q[k]!, 1e-12) + a / K))); } }
      if (m.indexOf(Math.max(...m)) === p.g) mean++;
      s.forEach((v, j) => { if (v.indexOf(Math.max(...v)) === p.g) sums[j]!++; });
    }
    (acc[name] ??= []).push([track / valRows.length, ll / valRows.length / 100, mean / playlists.length, ...sums.map((x) => x / playlists.length)]);
  }
}
for (const [name, rows] of Object.entries(acc)) {
  const avg = rows[0]!.map((_, j) => (100 * rows.reduce((a, r) => a + r[j]!, 0)) / rows.length);
  console.log(`${name.padEnd(22)} track ${avg[0]!.toFixed(1)} logloss ${(avg[1]! ).toFixed(3)} mean ${avg[2]!.toFixed(1)} | ${ALPHAS.map((a, j) => `a${a} ${avg[3 + j]!.toFixed(1)}`).join(' ')} | a.25 per split ${rows.map((r) => (100 * r[5]!).toFixed(1)).join(' ')}`);
}
