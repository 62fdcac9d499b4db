/**
 * Chooses the classifier's shipped values and the one-genre read's evidence rule without touching
 * the held-out songs (decisions 1000, 1100):
 * `node --conditions=@msr/source --import tsx packages/core/bench/classifier-validation.ts '<configs JSON>' [csv] [--sklearn]`,
 * e.g. `'{"depth-wise":{"learningRate":0.1,"maxDepth":5,"minSamplesLeaf":20,"nEstimators":100},"best-first":{"learningRate":0.1,"maxDepth":5,"maxLeafNodes":31,"l2Regularization":1,"minSamplesLeaf":20,"nEstimators":100}}'`.
 * A config may be a list of option objects: their probabilities are averaged (a small ensemble).
 * Only the training recordings of bench:recommend's 80/20 split (seed 42, by recording) are used:
 * five 75/25 validation splits of them, by recording, 200 random 20-track playlists per genre
 * from each validation part. Prints per config: per-track accuracy, log loss, and the share of
 * playlists named right by each evidence rule (below), averaged over the splits, with the
 * per-split figures of the sum of log-probabilities. `--sklearn`: also scikit-learn's
 * HistGradientBoostingClassifier (defaults) fitted on the same rows, asked the same playlists.
 */
import { GradientBoostingClassifier, type GradientBoostingClassifierOptions } from '../src/models/gradient-boosting/gradient-boosting-classifier.js';
import { createPrng } from '../src/random/prng.js';
import { benchData, innerSplit, sklearnPlaylistGenre } from './bench-split.js';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const SKLEARN = process.argv.includes('--sklearn');
const data = benchData(positional[1]);
const { tracks, genres, y } = data;
// Only the training recordings from here on: validation splits of them, by recording.
const configs: Record<string, GradientBoostingClassifierOptions | GradientBoostingClassifierOptions[]> = JSON.parse(positional[0]!);
const seeds = [1, 2, 3, 4, 5];
const K = genres.length;

/**
 * Evidence rules: the genre a 20-track playlist is read as. `mean`: argmax of the mean
 * probability; `sum`: of Σ log p; `a…`: Σ log((1 − a)·p + a/K); `floor…`: Σ log max(p, floor);
 * `prior…`: Σ log p − c·log(training prior) (c = n: a playlist of any genre equally likely,
 * c = n − 1: as likely as the genre's share of training rows).
 */
const RULES: [string, (p: Float64Array[], prior: Float64Array) => Float64Array][] = [
  ['mean', (ps) => sumOf(ps, (q) => q)],
  ['sum', (ps) => sumOf(ps, (q) => Math.log(Math.max(q, 1e-12)))],
  ['a0.25', (ps) => sumOf(ps, (q) => Math.log(0.75 * Math.max(q, 1e-12) + 0.25 / K))],
  ...[1e-3, 1e-2, 0.03, 0.05].map((f): [string, (p: Float64Array[]) => Float64Array] => [`floor${f}`, (ps) => sumOf(ps, (q) => Math.log(Math.max(q, f)))]),
  ['prior-n', (ps, prior) => withPrior(sumOf(ps, (q) => Math.log(Math.max(q, 1e-12))), prior, ps.length)],
  ['prior-n1', (ps, prior) => withPrior(sumOf(ps, (q) => Math.log(Math.max(q, 1e-12))), prior, ps.length - 1)],
];

function sumOf(ps: Float64Array[], f: (q: number) => number): Float64Array {
  const s = new Float64Array(K);
  for (const p of ps) for (let k = 0; k < K; k++) s[k]! += f(p[k]!);
  return s;
}
function withPrior(s: Float64Array, prior: Float64Array, c: number): Float64Array {
  for (let k = 0; k < K; k++) s[k]! -= c * Math.log(prior[k]!);
  return s;
}
const argmax = (v: Float64Array) => v.indexOf(Math.max(...v));

const acc: Record<string, number[][]> = {};
for (const seed of seeds) {
  const { fitRows, validationRows: valRows } = innerSplit(data, { testSize: 0.25, randomState: seed });
  const prior = new Float64Array(K);
  for (const i of fitRows) prior[y[i]!]! += 1 / fitRows.length;
  const rng = createPrng(100 + seed);
  const byGenre = new Map<number, number[]>();
  for (const i of valRows) byGenre.set(y[i]!, [...(byGenre.get(y[i]!) ?? []), i]);
  const playlists: { g: number; rows: number[] }[] = [];
  for (let g = 0; g < K; g++) for (let t = 0; t < 200; t++) playlists.push({ g, rows: rng.shuffle((byGenre.get(g) ?? []).slice()).slice(0, 20) });
  if (SKLEARN) {
    const sk = sklearnPlaylistGenre(tracks, fitRows, playlists.map((p) => ({ genre: genres[p.g]!, rows: p.rows })));
    (acc['sklearn HGB'] ??= []).push([Number.NaN, Number.NaN, sk.meanProba, sk.sumLogProba, ...RULES.slice(2).map(([rule]) => (rule === 'prior-n1' ? sk.sumLogProbaPrior : Number.NaN))]);
  }
  for (const [name, config] of Object.entries(configs)) {
    const members = (Array.isArray(config) ? config : [config]).map((o) =>
      new GradientBoostingClassifier({ randomState: 42, ...o }).fit(fitRows.map((i) => tracks.X[i]!), fitRows.map((i) => y[i]!)),
    );
    const proba = new Map(
      valRows.map((i) => {
        const p = new Float64Array(K);
        for (const m of members) m.predictProbaRow(tracks.X[i]!).forEach((q, k) => (p[k]! += q / members.length));
        return [i, p];
      }),
    );
    let track = 0;
    let ll = 0;
    for (const i of valRows) {
      const p = proba.get(i)!;
      if (argmax(p) === y[i]) track++;
      ll -= Math.log(Math.max(p[y[i]!]!, 1e-15));
    }
    const hits = RULES.map(() => 0);
    for (const p of playlists) {
      const ps = p.rows.map((r) => proba.get(r)!);
      RULES.forEach(([, rule], j) => {
        if (argmax(rule(ps, prior)) === p.g) hits[j]!++;
      });
    }
    (acc[name] ??= []).push([track / valRows.length, ll / valRows.length / 100, ...hits.map((x) => x / playlists.length)]);
  }
}
for (const [name, rows] of Object.entries(acc)) {
  const avg = rows[0]!.map((_, j) => (100 * rows.reduce((a, r) => a + r[j]!, 0)) / rows.length);
  console.log(
    `${name.padEnd(22)} track ${avg[0]!.toFixed(1)} logloss ${avg[1]!.toFixed(3)} | ${RULES.map(([rule], j) => `${rule} ${avg[2 + j]!.toFixed(1)}`).join(' ')} | sum per split ${rows.map((r) => (100 * r[3]!).toFixed(1)).join(' ')}`,
  );
}
