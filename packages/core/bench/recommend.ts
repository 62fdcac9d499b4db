/**
 * `npm run bench:recommend [-- --data <csv>] [--playlists N] [--original-params] [--no-sklearn] [--split-seeds 1,2,3]`: offline evaluation of
 * `recommend()` held out **by recording** — msr's default, the previous default, the original
 * algorithm, two kNN baselines and the true-genre reference, side by side on the same held-out
 * playlists of every family — on the committed fixture and on the real data (default
 * `../shared/data/spotify-tracks-9-genres.csv` when present); then latency on 10k- and
 * 100k-song catalogs (wall and CPU time side by side, each with its verdict, and the load
 * average), and bundle sizes. `--against <commit> [--rounds N]`: only the latency, this tree's
 * `recommend()` against the commit's, alternating fresh processes. Not a test: figures depend on
 * the machine.
 * `--split-seeds`: the 20-track genre accuracy again on other 80/20 splits by recording (how
 * much one split moves it; the targets stay judged on seed 42's). Report only — nothing is
 * chosen on them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { FEATURE_NAMES } from '../src/data/features.js';
import type { GradientBoostingClassifierOptions } from '../src/models/gradient-boosting/gradient-boosting-classifier.js';
import { createPrng } from '../src/random/prng.js';
import { evaluateRecommender, type EvaluationReport, type LabelledSong } from '../src/recommend/evaluate-recommender.js';
import { recommend } from '../src/recommend/recommend.js';
import { RecommenderModel } from '../src/recommend/recommender-model.js';
import { buildModel, labelledSongs, REAL_DATA, ROOT as root, SHIPPED_CLASSIFIER, sklearnPlaylistGenre, splitByRecording, type SklearnPlaylistGenre } from './bench-split.js';
import { table } from './table.js';
import { loadTracks, type Tracks } from './tracks-csv.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const PLAYLISTS = Number(option('--playlists') ?? 300);
/** `--skip-scale`: no 100k-song synthetic catalog (it trains a classifier on 80k rows). */
const SKIP_SCALE = args.includes('--skip-scale');
/** `--only <fixture|real data>`: one dataset. */
const ONLY = option('--only');
/** `--against <commit>`: only the latency A/B against that commit's core source (see latencyAgainst). */
const AGAINST = option('--against');
const SPLIT_SEEDS = option('--split-seeds')?.split(',').map(Number) ?? [];
const ORIGINAL: GradientBoostingClassifierOptions = { learningRate: 0.008, maxDepth: 5, nEstimators: 250, randomState: 42 };
/**
 * The shipped params.yaml values (bench-split.ts; 900 trees instead of 2,250, sharper and
 * better-calibrated probabilities than the original values: decisions 0960, 1000, chosen on
 * validation splits of the training songs); `--original-params`: the original project's.
 */
const CLASSIFIER = args.includes('--original-params') ? ORIGINAL : SHIPPED_CLASSIFIER;
const WITH_SKLEARN = !args.includes('--no-sklearn') && spawnSync('/usr/bin/python3', ['-c', 'import sklearn, numpy'], { stdio: 'ignore' }).status === 0;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

interface Built {
  model: RecommenderModel;
  tracks: Tracks;
  /** Row indices of the held-out songs, parallel to `test`. */
  testRows: Int32Array;
  test: LabelledSong[];
  genres: string[];
  trainMs: number;
}

/**
 * The pipeline's recipe (bench-split.ts): the 80/20 split by recording (re-releases stay on one
 * side), stratified by genre; scaler on all songs, classifier on the 80%, one 3-component
 * spherical mixture per genre on scaled songs, every song in the catalog.
 */
function build(tracks: Tracks, classifierOptions: GradientBoostingClassifierOptions, seed = 42): Built {
  const data = splitByRecording(tracks, seed);
  const started = performance.now();
  const model = buildModel(data, Array.from(tracks.X.keys()), data.outer.train, classifierOptions);
  const trainMs = performance.now() - started;
  return { model, tracks, testRows: Int32Array.from(data.outer.test), test: labelledSongs(tracks, data.outer.test), genres: data.genres, trainMs };
}

function printEvaluation(name: string, built: Built): EvaluationReport {
  const report = evaluateRecommender(built.model, built.test, { playlists: PLAYLISTS });
  const { setup } = report;
  console.log(
    `\n## ${name}: ${built.model.catalogSize} songs (${setup.catalogRecordings} recordings) in the catalog; ${built.test.length} songs (${setup.recordings} recordings) held out by recording; ${setup.playlists} playlists per family; model built in ${(built.trainMs / 1000).toFixed(1)} s`,
  );
  table(
    ['system', 'family', 'genre acc', 'genre prec', 'recall@20', 'NDCG@20', 'coverage', 'both genres', 'diversity', 'returned', 'own/repeat', 'p50 ms', 'p99 ms'],
    report.figures.map((f) => [
      f.system,
      f.family,
      pct(f.genreAccuracy),
      pct(f.genrePrecision),
      f.recallAt20.toFixed(3),
      f.ndcgAt20.toFixed(3),
      pct(f.coverage),
      Number.isNaN(f.bothGenres) ? '' : pct(f.bothGenres),
      f.diversity.toFixed(2),
      f.returned.toFixed(1),
      `${f.playlistTracks}/${f.repeats}`,
      f.latencyP50Ms.toFixed(3),
      f.latencyP99Ms.toFixed(3),
    ]),
  );
  console.log('\ncoverage over every family:');
  table(['system', 'coverage'], report.coverage.map((c) => [c.system, pct(c.coverage)]));
  const get = (system: string, family: string) => report.figures.find((f) => f.system === system && f.family === family)!;
  const knn = Math.max(get('knn-mean', 'coherent').recallAt20, get('knn-sum', 'coherent').recallAt20);
  const ours = get('default', 'coherent').recallAt20;
  const violations = report.figures.filter((f) => f.playlistTracks > 0 || f.repeats > 0).map((f) => `${f.system}/${f.family}`);
  const check = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(`\ntargets (default system):`);
  table(
    ['target', 'figure', ''],
    [
      ['coherent recall@20 ≥ 0.14', ours.toFixed(3), check(ours >= 0.14)],
      ['coherent recall@20 ≥ 1.9× the better kNN', `${(ours / knn).toFixed(2)}× (kNN ${knn.toFixed(3)})`, check(ours >= 1.9 * knn)],
      ['3-track recall@20 ≥ 0.12', get('default', 'three-track').recallAt20.toFixed(3), check(get('default', 'three-track').recallAt20 >= 0.12)],
      ['two-genre lists with both genres ≥ 60%', pct(get('default', 'mix').bothGenres), check(get('default', 'mix').bothGenres >= 0.6)],
      ['coverage over all families ≥ 50%', pct(report.coverage.find((c) => c.system === 'default')!.coverage), check(report.coverage.find((c) => c.system === 'default')!.coverage >= 0.5)],
      ['no playlist track or repeated recording, any system', violations.length === 0 ? '0' : violations.join(', '), check(violations.length === 0)],
    ],
  );
  return report;
}

interface GenreAccuracy20 {
  trials: number;
  /** msr's share of playlists named right per strategy ('mixture', 'mean-proba', 'mean-features'). */
  msr: number[];
  sk: SklearnPlaylistGenre | undefined;
}

const STRATEGIES = ['mixture', 'mean-proba', 'mean-features'] as const;

/**
 * Genre accuracy of 20-track single-genre playlists (100 per genre), all tracks visible, drawn
 * from held-out recordings, for msr and for scikit-learn's HistGradientBoosting fitted on the
 * same training rows and asked the same playlists (the comparison).
 */
function genreAccuracy20Figures(built: Built): GenreAccuracy20 {
  const rng = createPrng(7);
  const byGenre = new Map<string, LabelledSong[]>();
  for (const song of built.test) byGenre.set(song.genre, [...(byGenre.get(song.genre) ?? []), song]);
  const rowOf = new Map(built.test.map((s, k) => [s, built.testRows[k]!]));
  const hits = STRATEGIES.map(() => 0);
  const playlists: { genre: string; rows: number[] }[] = [];
  for (const genre of built.genres) {
    const pool = byGenre.get(genre) ?? [];
    if (pool.length < 20) continue;
    for (let t = 0; t < 100; t++) {
      const songs = rng.shuffle(pool.slice()).slice(0, 20);
      playlists.push({ genre, rows: songs.map((s) => rowOf.get(s)!) });
      const tracks = songs.map((s) => ({ uri: s.uri, features: s.features }));
      STRATEGIES.forEach((strategy, k) => {
        if (recommend(tracks, built.model, { count: 1, strategy }).genre === genre) hits[k]!++;
      });
    }
  }
  const heldOut = new Set(built.testRows);
  const sk = WITH_SKLEARN ? sklearnPlaylistGenre(built.tracks, built.tracks.X.flatMap((_, i) => (heldOut.has(i) ? [] : [i])), playlists) : undefined;
  return { trials: playlists.length, msr: hits.map((h) => h / playlists.length), sk };
}

function genreAccuracy20(built: Built): void {
  const { trials, msr, sk } = genreAccuracy20Figures(built);
  const rows = STRATEGIES.map((strategy, k) => [`msr ${strategy}`, pct(msr[k]!)]);
  if (sk) {
    rows.push(
      [`sklearn ${sk.model}, mean probabilities`, pct(sk.meanProba)],
      [`sklearn ${sk.model}, sum of log-probabilities`, pct(sk.sumLogProba)],
      [`sklearn ${sk.model}, sum of log-probabilities − (n − 1)·log prior (msr's read, decision 1100)`, pct(sk.sumLogProbaPrior)],
    );
  }
  console.log(`\ngenre accuracy of ${trials} random 20-track single-genre playlists of held-out recordings (the same playlists for every row):`);
  table(['system', 'genre accuracy'], rows);
  const ours = msr[0]!;
  if (!sk) {
    console.log('\ntarget (default ≥ scikit-learn HistGradientBoosting): not checked — scikit-learn not available (apt-get install python3-sklearn)');
    return;
  }
  const reference = Math.max(sk.meanProba, sk.sumLogProba);
  console.log(
    `\ntarget: default ${pct(ours)} ≥ scikit-learn HistGradientBoosting's better ${pct(reference)} (mean probabilities or sum of log-probabilities, the issue's reference): ${ours >= reference ? 'met' : 'NOT met'}` +
      `\nlike for like (HistGradientBoosting read by msr's rule, the prior counted once): ${pct(sk.sumLogProbaPrior)} — msr ${ours >= sk.sumLogProbaPrior ? '≥' : '<'} it`,
  );
}

/** `--split-seeds`: the 20-track comparison on other 80/20 splits by recording, and the mean over them. */
function genreAccuracyOverSplits(tracks: Tracks, seeds: number[]): void {
  const rows: string[][] = [];
  const sums = new Float64Array(6);
  for (const seed of seeds) {
    const { msr, sk } = genreAccuracy20Figures(build(tracks, CLASSIFIER, seed));
    const figures = [msr[0]!, msr[1]!, sk?.meanProba ?? Number.NaN, sk?.sumLogProba ?? Number.NaN, sk?.sumLogProbaPrior ?? Number.NaN];
    figures.forEach((f, k) => (sums[k]! += f / seeds.length));
    const reference = Math.max(figures[2]!, figures[3]!);
    sums[5]! += (msr[0]! >= reference ? 1 : 0);
    rows.push([String(seed), ...figures.map(pct), msr[0]! >= reference ? 'yes' : 'no']);
  }
  rows.push(['mean', ...Array.from(sums.subarray(0, 5), pct), `${sums[5]} of ${seeds.length}`]);
  console.log(`\n20-track genre accuracy on other 80/20 splits by recording (report only; the target is judged on seed 42 above):`);
  table(['split seed', 'msr mixture', 'msr mean-proba', 'HGB mean', 'HGB Σ log p', "HGB Σ log p − (n−1)·log π", 'msr ≥ HGB better'], rows);
}

/** Grows a catalog to `size` songs by jittering real songs, for latency and size at scale. */
function syntheticTracks(tracks: Tracks, size: number): Tracks {
  const rng = createPrng(11);
  const out: Tracks = { ids: [], X: [], genres: [] };
  for (let i = 0; i < size; i++) {
    const j = i % tracks.X.length;
    const x = tracks.X[j]!.map((v, f) => (FEATURE_NAMES[f] === 'key' ? v : v * (1 + 0.02 * rng.normal())));
    out.ids.push(`${tracks.ids[j]!.slice(0, 16)}${i.toString(36).padStart(6, '0')}`);
    out.X.push(x);
    out.genres.push(tracks.genres[j]!);
  }
  return out;
}

/** One timed call's playlist: 20 consecutive held-out songs, as `recommend()` takes them. */
type Playlist = { uri: string; features: Record<string, number> }[];

/**
 * The latency playlists: `calls` windows of 20 consecutive held-out songs at seeded random
 * starts (seed 3), built before timing so the bench's own garbage does not add collections to
 * the timed calls.
 */
function latencyPlaylists(test: readonly { uri: string; features: Record<string, number> }[], calls: number): Playlist[] {
  const rng = createPrng(3);
  return Array.from({ length: calls }, () => {
    const start = rng.int(test.length - 20);
    return test.slice(start, start + 20).map((s) => ({ uri: s.uri, features: s.features }));
  });
}

/** Calls before timing: enough for V8 to finish optimising the serving path on a loaded machine (a few hundred were not). */
const WARM_UP_CALLS = 2000;

interface Latency {
  wallP50: number;
  wallP99: number;
  cpuP50: number;
  cpuP99: number;
  /** Garbage collections (V8 `gc` performance entries) that started during a timed call. */
  collections: number;
  /** 1-minute load average when the timed calls ended. */
  load: number;
}

/**
 * Wall-clock and CPU-time quantiles of `recommend()` (count 20) over `playlists`, after
 * {@link WARM_UP_CALLS} untimed calls. The CPU time is the process's (user + system, µs
 * resolution): it leaves out the wait for a core that the wall clock counts on a loaded machine,
 * but adds whatever V8's other threads (garbage-collection helpers, the optimising compiler) do
 * during the call.
 */
async function timeCalls(run: typeof recommend, model: RecommenderModel, playlists: readonly Playlist[]): Promise<Latency> {
  for (let c = 0; c < WARM_UP_CALLS; c++) run(playlists[c % playlists.length]!, model, { count: 20 });
  const calls = playlists.length;
  const starts = new Float64Array(calls);
  const wall = new Float64Array(calls);
  const cpu = new Float64Array(calls);
  const collections: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) collections.push(entry.startTime);
  });
  observer.observe({ entryTypes: ['gc'] });
  for (let c = 0; c < calls; c++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run(playlists[c]!, model, { count: 20 });
    wall[c] = performance.now() - t0;
    const used = process.cpuUsage(c0);
    cpu[c] = (used.user + used.system) / 1000;
    starts[c] = t0;
  }
  // gc entries are delivered asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  const during = collections.filter((t) => starts.some((s, c) => t >= s && t <= s + wall[c]!)).length;
  const at = (xs: Float64Array, q: number) => xs.slice().sort()[Math.floor(calls * q)]!;
  return { wallP50: at(wall, 0.5), wallP99: at(wall, 0.99), cpuP50: at(cpu, 0.5), cpuP99: at(cpu, 0.99), collections: during, load: loadavg()[0]! };
}

/**
 * A fixed CPU workload (a 100k × 9 squared-distance scan, the shape of a catalog scan): median
 * CPU time (the process's user + system) of 7 runs after 3 untimed ones, in ms. Printed with the
 * latencies so runs on differently loaded machines compare by ratio.
 */
function anchorMs(): number {
  const rng = createPrng(5);
  const rows = Float64Array.from({ length: 100_000 * 9 }, () => rng.next());
  const runs: number[] = [];
  let sink = 0;
  for (let r = 0; r < 10; r++) {
    const c0 = process.cpuUsage();
    for (let j = 0; j < 100_000; j++) {
      let d2 = 0;
      for (let f = 0; f < 9; f++) d2 += (rows[j * 9 + f]! - 0.5) ** 2;
      sink += d2;
    }
    const used = process.cpuUsage(c0);
    if (r >= 3) runs.push((used.user + used.system) / 1000);
  }
  if (sink < 0) throw new Error('unreachable');
  return runs.sort((a, b) => a - b)[3]!;
}

const verdict = (figure: number, targetMs: number) => `${figure <= targetMs ? 'met' : 'NOT met'} (${(figure / targetMs).toFixed(2)}×)`;

/**
 * Both clocks and a verdict on each, side by side, and the target's verdict (decision 1203). The
 * wall clock is what a caller waits for: on a quiet machine (load average below the core count)
 * the target is judged on it. On a loaded machine it also counts the wait for a core, so the CPU
 * time is judged there instead — a stricter clock, since it also bills the call for V8's helper
 * threads (parallel garbage collection, the optimising compiler) working beside it on the other
 * core, which the caller does not wait for.
 */
function latencyRow(name: string, lat: Latency, targetMs: number): string[] {
  const anchor = anchorMs();
  const loaded = lat.load >= cpus().length;
  const met = loaded ? lat.cpuP99 <= targetMs : lat.wallP99 <= targetMs;
  return [
    name,
    lat.load.toFixed(1),
    lat.wallP50.toFixed(3),
    lat.wallP99.toFixed(3),
    lat.cpuP50.toFixed(3),
    lat.cpuP99.toFixed(3),
    `${targetMs} ms`,
    verdict(lat.wallP99, targetMs),
    verdict(lat.cpuP99, targetMs),
    `${met ? 'met' : 'NOT met'} (${loaded ? 'CPU: machine loaded' : 'wall: machine quiet'})`,
    String(lat.collections),
    anchor.toFixed(2),
    `${(lat.cpuP99 / anchor).toFixed(2)}×`,
  ];
}

const LATENCY_HEADER = ['catalog', 'load', 'wall p50 ms', 'wall p99 ms', 'CPU p50 ms', 'CPU p99 ms', 'target p99', 'wall p99', 'CPU p99', 'target (judged on)', 'GCs in timed calls', 'anchor ms', 'CPU p99 / anchor'];

/**
 * `--latency-child <dir> <module>`: one process of `--against`'s A/B — loads the model and
 * playlists `dir` holds (the model through the `recommender-model.ts` beside `module`, so each
 * side runs its own model code), times `module`'s `recommend()`, prints the figures as JSON.
 */
if (args[0] === '--latency-child') {
  const [dir, module] = [args[1]!, args[2]!];
  const Model = ((await import(join(dirname(module), 'recommender-model.ts'))) as { RecommenderModel: typeof RecommenderModel }).RecommenderModel;
  const model = Model.fromJSON(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')));
  const playlists = JSON.parse(readFileSync(join(dir, 'playlists.json'), 'utf8')) as Playlist[];
  const run = ((await import(module)) as { recommend: typeof recommend }).recommend;
  console.log(JSON.stringify(await timeCalls(run, model, playlists)));
  process.exit(0);
}

/** Writes the model and the latency playlists where {@link childLatency} reads them; returns the folder. */
function latencyFiles(built: Built): string {
  const dir = mkdtempSync(join(tmpdir(), 'msr-latency-'));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(built.model.toJSON()));
  writeFileSync(join(dir, 'playlists.json'), JSON.stringify(latencyPlaylists(built.test, 2000)));
  return dir;
}

/**
 * Times `module`'s `recommend()` in a fresh process that holds only the model (as a server
 * does), so neither the evaluation's heap nor another side's garbage lands in the timed calls.
 */
function childLatency(dir: string, module: string): Latency {
  const out = execFileSync(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--latency-child', dir, module], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Latency;
}

/** {@link childLatency} of this tree's `recommend()`. */
function freshLatency(built: Built): Latency {
  const dir = latencyFiles(built);
  try {
    return childLatency(dir, join(root, 'packages/core/src/recommend/recommend.ts'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `--against <commit> [--rounds N]`: latency only, this tree's `recommend()` against the one at
 * `<commit>`, each with its own `packages/core/src` (the commit's unpacked, this tree's copied,
 * both under `packages/core/.against-*`, git-ignored, removed after: the playlist input, the
 * classifier and the serving index are part of the call), on the same model and playlists. Each side runs in a fresh
 * process of its own (one heap each: one side's garbage never lands in the other's timed
 * calls), alternating A B / B A for N rounds (default 5) so both meet the same load; the medians
 * over rounds are the comparison.
 */
async function latencyAgainst(commit: string, name: string, built: Built): Promise<void> {
  const rounds = Number(option('--rounds') ?? 5);
  const dir = latencyFiles(built);
  // Both sides are copies taken now, so editing the source during the run changes neither.
  // Inside the repository, so their package imports resolve to this tree's node_modules.
  const copies = join(root, `packages/core/.against-${process.pid}`);
  const current = join(copies, 'current/recommend/recommend.ts');
  const reference = join(copies, 'reference/packages/core/src/recommend/recommend.ts');
  try {
    cpSync(join(root, 'packages/core/src'), join(copies, 'current'), { recursive: true });
    mkdirSync(join(copies, 'reference'), { recursive: true });
    const archive = execFileSync('git', ['archive', commit, 'packages/core/src'], { cwd: root, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', join(copies, 'reference')], { input: archive });
    const sides = [
      { label: 'this tree', module: current, runs: [] as Latency[] },
      { label: commit, module: reference, runs: [] as Latency[] },
    ];
    const rows: string[][] = [];
    for (let r = 0; r < rounds; r++) {
      for (const side of r % 2 === 0 ? sides : [...sides].reverse()) {
        const lat = childLatency(dir, side.module);
        side.runs.push(lat);
        rows.push([String(r + 1), side.label, lat.load.toFixed(1), lat.wallP50.toFixed(3), lat.wallP99.toFixed(3), lat.cpuP50.toFixed(3), lat.cpuP99.toFixed(3), String(lat.collections)]);
      }
    }
    const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const side of sides) {
      const m = (key: keyof Latency) => median(side.runs.map((x) => x[key])).toFixed(3);
      rows.push(['median', side.label, m('load'), m('wallP50'), m('wallP99'), m('cpuP50'), m('cpuP99'), m('collections')]);
    }
    console.log(`\n## ${name}, ${built.model.catalogSize} songs: recommend() latency, this tree against ${commit}, ${rounds} rounds of one fresh process per side (2,000 timed calls after ${WARM_UP_CALLS.toLocaleString('en')} untimed)`);
    table(['round', 'recommend.ts', 'load', 'wall p50 ms', 'wall p99 ms', 'CPU p50 ms', 'CPU p99 ms', 'GCs in timed calls'], rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(copies, { recursive: true, force: true });
  }
}

function sizeOf(model: RecommenderModel): string {
  const bytes = Buffer.byteLength(JSON.stringify(model.toJSON()));
  return `${(bytes / 1e6).toFixed(2)} MB`;
}

const fixture = join(root, 'fixtures/dataset.csv');
const real = option('--data') ?? REAL_DATA;
const sizes: (string | number)[][] = [];
const latencies: (string | number)[][] = [];

console.log(`# bench:recommend — classifier ${JSON.stringify(CLASSIFIER)}${CLASSIFIER === ORIGINAL ? ' (the original params)' : " (the shipped params.yaml's values; --original-params for the original project's 0.008 × 250)"}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
for (const [name, path] of [
  ['fixture', fixture],
  ['real data', real],
] as const) {
  if (ONLY !== undefined && ONLY !== name) continue;
  if (!existsSync(path)) {
    console.log(`\n## ${name}: ${path} not found — skipped`);
    continue;
  }
  const tracks = loadTracks(path);
  const built = build(tracks, CLASSIFIER);
  if (AGAINST !== undefined) {
    await latencyAgainst(AGAINST, name, built);
    continue;
  }
  printEvaluation(`${name} (${path})`, built);
  genreAccuracy20(built);
  if (SPLIT_SEEDS.length > 0) genreAccuracyOverSplits(tracks, SPLIT_SEEDS);
  const lat = freshLatency(built);
  latencies.push(latencyRow(`${name}, ${built.model.catalogSize} songs`, lat, 1));
  sizes.push([`${name}, ${built.model.catalogSize} songs`, sizeOf(built.model)]);
  if (!SKIP_SCALE && (name === 'real data' || !existsSync(real))) {
    const big = build(syntheticTracks(tracks, 100_000), CLASSIFIER);
    const bigLat = freshLatency(big);
    latencies.push(latencyRow(`synthetic, ${big.model.catalogSize} songs`, bigLat, 10));
    sizes.push([`synthetic, ${big.model.catalogSize} songs`, sizeOf(big.model)]);
  }
}
if (AGAINST === undefined) {
  console.log(
    `\n## latency of recommend() (20-track playlist, count 20, single thread, 2,000 calls after ${WARM_UP_CALLS.toLocaleString('en')} untimed ones, in a fresh process that holds only the model)`,
  );
  console.log(
    "wall: what the caller waits for (on a loaded machine it includes the wait for a core); CPU: the process's user + system time during the call (no wait, but V8's helper threads — garbage collection, the optimising compiler — count too). " +
      `load: the 1-minute load average after the row's timed calls, on ${cpus().length} cores. target: judged on the wall p99 on a quiet machine (load below the core count), on the CPU p99 on a loaded one (decision 1203; npm run bench:recommend-tail shows the CPU p99's excess is other threads' work). ` +
      'anchor: the CPU time of a fixed 100k × 9 squared-distance scan (median of 7, after 3 warm-up runs) measured beside each row, so figures from differently loaded machines compare by their ratio to it.',
  );
  table(LATENCY_HEADER, latencies);
  console.log('\n## bundle size (JSON)');
  table(['catalog', 'size'], sizes);
}
