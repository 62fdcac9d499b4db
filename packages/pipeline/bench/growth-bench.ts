/**
 * `npm run bench:growth` — how the pipeline and the recommender grow from 10k to 100k songs
 * (issue 14, "Growth"): at each size a cold full pipeline (the shipped config and params,
 * tracking to the root's local store unless `MLFLOW_TRACKING_URI` names a server), then the
 * bundle's size and `recommend()`'s p99 on the bundle, beside the targets at 100k songs (cold
 * pipeline ≤ 3 min on 2 cores, bundle ≤ 40 MB, recommend p99 ≤ 5 ms, evaluation stage ≤ 30 s)
 * and as a ratio to the smallest size.
 *
 * Times are given twice, per stage and in total: wall clock, and the CPU time of the pipeline
 * process (every thread: the classifier's fit worker, garbage collection, libuv's pool; see
 * `stage-clock.ts`). On a machine shared with other work the wall clock mostly measures the wait
 * for a core; the CPU time is what the pipeline itself costs, and where the wall clock exceeds
 * it, the process was waiting (for a core, or for I/O).
 * The local tracking store runs in the pipeline process, so its cost is in the pipeline's CPU.
 * An MLflow server's time is not in it: give `--mlflow-pid <pid>` to print the server's process
 * tree's CPU time apart.
 *
 *   npm run bench:growth                               # 10k, 30k and 100k songs
 *   npm run bench:growth -- --sizes 100000             # one size (about 1 min on 2 idle cores)
 *   npm run bench:growth -- --sizes 10000 --concurrency 1 --keep
 *
 * `--concurrency 1` runs one stage at a time, so every stage has its own CPU figure (by default
 * the classifier's training overlaps clustering, and those stages share one); `--keep` leaves
 * each size's pipeline root in the temp directory (to profile a stage on its inputs).
 * `MSR_GROWTH_SIZES` is read when `--sizes` is not given.
 *
 * Per stage the main thread's wall time is split (Linux): on a core; queued (ready, waiting for
 * a core: the machine's other load); blocked (neither: file I/O and fsync, timers, HTTP to an
 * MLflow server, or waiting for the fit worker). On an idle machine "queued" is ~0, so wall −
 * queued estimates that stage's idle-machine wall clock where the main thread is the one working.
 *
 * Data: synthetic, with the shape of the committed Kaggle-format fixture (`fixtures/dataset.csv`):
 * its 21 columns, its songs' features jittered by 2% (key, mode and time signature kept), and
 * its share of re-releases (rows repeating an earlier row's features under another id). Its 10
 * genres become 20: every other song goes to genre `g-2`, genre `g` with tempo +6 BPM and valence +0.04, so the
 * extra genres overlap their twins the way real neighbouring genres do.
 *
 * The CPU anchor is printed with the figures. Not a test: figures depend on the machine.
 */
import { createPrng, FEATURE_NAMES, RecommenderModel, recommend, SEED_GENRES, type PlaylistTrack } from '@msr/core';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultConfigDir, formatCsv, parseCsv, runPipeline } from '../src/index.js';
import { anchor, median } from './bench-anchor.js';
import { groupOverlapping, mainThreadSplit, processTreeCpuS, sampleNow, StageClock, type StageGroup } from './stage-clock.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const { values: args } = parseArgs({
  options: { sizes: { type: 'string' }, concurrency: { type: 'string' }, keep: { type: 'boolean', default: false }, 'mlflow-pid': { type: 'string' } },
});
const SIZES = (args.sizes ?? process.env.MSR_GROWTH_SIZES ?? '10000,30000,100000').split(',').map(Number);
if (SIZES.some((n) => !Number.isInteger(n) || n < 2000)) throw new Error(`--sizes: song counts of at least 2000, comma-separated; got ${args.sizes ?? process.env.MSR_GROWTH_SIZES}`);
const CONCURRENCY = args.concurrency === undefined ? undefined : Number(args.concurrency);
const MLFLOW_PID = args['mlflow-pid'] === undefined ? undefined : Number(args['mlflow-pid']);
const TARGETS = { coldS: 180, bundleMb: 40, p99Ms: 5, evaluationS: 30 };
const EVALUATION_STAGE = 'recommender_evaluation';

/** The fixture's rows (header first), and which of them repeat an earlier row's features. */
function loadSeed(): { header: string[]; rows: string[][]; reReleaseShare: number } {
  const table = parseCsv(readFileSync(join(repo, 'fixtures/dataset.csv'), 'utf8'));
  const { header } = table;
  // The original's ten genres (the fixture adds a few small ones): twinned, twenty.
  const rows = table.rows.filter((row) => (SEED_GENRES as readonly string[]).includes(row[header.indexOf('track_genre')]!));
  const featureCells = FEATURE_NAMES.map((name) => header.indexOf(name));
  const seen = new Set(rows.map((row) => featureCells.map((c) => row[c]).join(',')));
  return { header, rows, reReleaseShare: 1 - seen.size / rows.length };
}

/** `size` synthetic Kaggle rows in 20 genres, deterministic. */
function syntheticCsv(seed: ReturnType<typeof loadSeed>, size: number): string {
  const { header, rows, reReleaseShare } = seed;
  const col = (name: string) => header.indexOf(name);
  const genreCol = col('track_genre');
  const idCol = col('track_id');
  const sourceGenres = [...new Set(rows.map((r) => r[genreCol]!))].sort();
  const kept = new Set(['key', 'mode', 'time_signature']);
  const jittered = FEATURE_NAMES.filter((f) => !kept.has(f)).map(col);
  const rng = createPrng(17);
  // The fixture is sorted by genre: a shuffled order gives every size every genre.
  const order = rng.shuffle(Array.from(rows.keys()));
  const out: (string | number)[][] = [];
  const byGenre = new Map<string, number[]>();
  for (let i = 0; i < size; i++) {
    // Every other song goes to a twin genre, so each size has all 20 genres.
    const twin = i % 2 === 1;
    const source = rows[order[Math.floor(i / 2) % rows.length]!]!;
    const genre = `${source[genreCol]}${twin ? '-2' : ''}`;
    const earlier = byGenre.get(genre) ?? [];
    let row: string[];
    if (earlier.length > 0 && rng.next() < reReleaseShare) {
      // A re-release: an earlier song's features (and names) under a new id.
      row = out[earlier[rng.int(earlier.length)]!]!.map(String);
    } else {
      row = source.slice();
      for (const c of jittered) {
        const value = Number(row[c]) * (1 + 0.02 * rng.normal());
        row[c] = String(Number.isFinite(value) ? value : 0);
      }
      if (twin) {
        row[col('tempo')] = String(Number(row[col('tempo')]) + 6);
        row[col('valence')] = String(Math.min(1, Number(row[col('valence')]) + 0.04));
      }
      for (const name of ['danceability', 'energy', 'speechiness', 'acousticness', 'instrumentalness', 'liveness', 'valence']) {
        row[col(name)] = String(Math.min(1, Math.max(0, Number(row[col(name)]))));
      }
      row[col('tempo')] = String(Math.max(1, Number(row[col('tempo')])));
    }
    row[idCol] = `g${i.toString(36).padStart(21, '0')}`;
    row[genreCol] = genre;
    byGenre.set(genre, [...earlier, out.length]);
    out.push([out.length, ...row.slice(1)]);
  }
  if (new Set(out.map((r) => r[genreCol])).size !== 2 * sourceGenres.length) throw new Error(`expected ${2 * sourceGenres.length} genres`);
  return formatCsv(header, out);
}

/** The assembled bundle: the largest JSON under the root holding a recommender model. */
function findBundle(root: string): string {
  const found: { path: string; bytes: number }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json')) found.push({ path, bytes: statSync(path).size });
    }
  };
  walk(root);
  for (const { path } of found.sort((a, b) => b.bytes - a.bytes)) {
    const head = readFileSync(path, 'utf8').slice(0, 200);
    if (head.includes('recommender')) return path;
  }
  throw new Error(`no recommender bundle under ${root}`);
}

/**
 * p50 and p99 of `recommend()` (20 tracks of one genre, count 20), after a warm-up, in CPU time
 * (the process's user + system): on a shared machine the wall clock also counts the time spent
 * waiting for a core. The wall-clock p99 is returned too.
 */
function recommendLatency(model: RecommenderModel, calls: number): { p50: number; p99: number; wallP99: number } {
  const rng = createPrng(3);
  const playlist = (): PlaylistTrack[] => {
    const { catalog } = model.genreModels[rng.int(model.genreModels.length)]!;
    const d = model.featureNames.length;
    return Array.from({ length: 20 }, () => {
      const j = rng.int(catalog.size);
      return { uri: catalog.uris[j]!, features: Object.fromEntries(model.featureNames.map((name, f) => [name, catalog.raw[j * d + f]!])) };
    });
  };
  for (let c = 0; c < 200; c++) recommend(playlist(), model, { count: 20 });
  const times: number[] = [];
  const wall: number[] = [];
  for (let c = 0; c < calls; c++) {
    const tracks = playlist();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    recommend(tracks, model, { count: 20 });
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  wall.sort((a, b) => a - b);
  return { p50: times[Math.floor(calls * 0.5)]!, p99: times[Math.floor(calls * 0.99)]!, wallP99: wall[Math.floor(calls * 0.99)]! };
}

const seed = loadSeed();
const anchorBefore = await anchor();
interface SizeResult {
  size: number;
  genres: number;
  coldS: number;
  coldCpuS: number;
  load: [number, number];
  mlflowCpuS: number | undefined;
  bundleMb: number;
  p50: number;
  p99: number;
  wallP99: number;
  evaluation: StageGroup | undefined;
  groups: StageGroup[];
  setup: Pick<StageGroup, 'wallS' | 'cpuS' | 'main'>;
  wrapUp: Pick<StageGroup, 'wallS' | 'cpuS' | 'main'>;
  whole: Pick<StageGroup, 'main'>;
}
const results: SizeResult[] = [];
for (const size of SIZES) {
  const root = await mkdtemp(join(tmpdir(), 'msr-bench-growth-'));
  try {
    const source = join(root, 'dataset.csv');
    await writeFile(source, syntheticCsv(seed, size));
    const defaults = defaultConfigDir();
    const config = join(root, 'config.yaml');
    await writeFile(config, (await readFile(join(defaults, 'config.yaml'), 'utf8')).replace(/source_URL: .*/, `source_URL: ${source}`));
    const params = join(root, 'params.yaml');
    await writeFile(params, await readFile(join(defaults, 'params.yaml'), 'utf8'));
    const clock = new StageClock();
    const loadBefore = loadavg()[0]!;
    const mlflowBefore = MLFLOW_PID === undefined ? undefined : await processTreeCpuS(MLFLOW_PID);
    const started = sampleNow();
    await runPipeline({ rootDir: root, files: { config, params }, onEvent: clock.onEvent, ...(CONCURRENCY === undefined ? {} : { concurrency: CONCURRENCY }) });
    const finished = sampleNow();
    const mlflowAfter = MLFLOW_PID === undefined ? undefined : await processTreeCpuS(MLFLOW_PID);
    const groups = groupOverlapping(clock.spans);
    const runStart = clock.runStart ?? started;
    const runEnd = clock.runEnd ?? finished;
    const bundlePath = findBundle(root);
    const model = RecommenderModel.fromJSON(JSON.parse(await readFile(bundlePath, 'utf8')));
    const { p50, p99, wallP99 } = recommendLatency(model, 2000);
    const result: SizeResult = {
      size,
      genres: model.genres.length,
      coldS: (finished.wallMs - started.wallMs) / 1000,
      coldCpuS: (finished.cpuMs - started.cpuMs) / 1000,
      load: [loadBefore, loadavg()[0]!],
      mlflowCpuS: mlflowBefore !== undefined && mlflowAfter !== undefined ? mlflowAfter - mlflowBefore : undefined,
      bundleMb: statSync(bundlePath).size / 1e6,
      p50,
      p99,
      wallP99,
      evaluation: groups.find((g) => g.stages.some((s) => s.name === EVALUATION_STAGE)),
      groups,
      setup: { wallS: (runStart.wallMs - started.wallMs) / 1000, cpuS: (runStart.cpuMs - started.cpuMs) / 1000, main: mainThreadSplit(started, runStart) },
      wrapUp: { wallS: (finished.wallMs - runEnd.wallMs) / 1000, cpuS: (finished.cpuMs - runEnd.cpuMs) / 1000, main: mainThreadSplit(runEnd, finished) },
      whole: { main: mainThreadSplit(started, finished) },
    };
    results.push(result);
    process.stdout.write(`${stageTable(result)}\n${args.keep ? `  pipeline root kept: ${root}\n` : ''}\n`);
  } finally {
    if (!args.keep) await rm(root, { recursive: true, force: true });
  }
}
const anchorMs = median([anchorBefore, await anchor()]);

/** One size's stages: wall and CPU each, overlapping stages grouped, and where the main thread's wall time went. */
function stageTable(r: SizeResult): string {
  const n = (x: number | undefined, width = 8) => (x === undefined ? '' : x.toFixed(1)).padStart(width);
  const row = (label: string, g: Pick<StageGroup, 'wallS' | 'main'> & { cpuS?: number }) => `  ${label.padEnd(50)} ${n(g.wallS)} ${n(g.cpuS)} ${n(g.main?.runS, 10)} ${n(g.main?.queuedS, 10)} ${n(g.main?.blockedS, 10)}`;
  const lines = [
    `${r.size} songs, ${r.genres} genres: cold pipeline ${r.coldS.toFixed(1)} s wall, ${r.coldCpuS.toFixed(1)} s CPU (1-minute load average ${r.load[0].toFixed(1)} before, ${r.load[1].toFixed(1)} after)${r.mlflowCpuS === undefined ? '' : `; MLflow server ${r.mlflowCpuS.toFixed(1)} s CPU, not included`}`,
    `  ${''.padEnd(50)} ${''.padStart(8)} ${''.padStart(8)} ${'main thread:'.padStart(10)}`,
    `  ${'stage'.padEnd(50)} ${'wall s'.padStart(8)} ${'CPU s'.padStart(8)} ${'on core'.padStart(10)} ${'queued'.padStart(10)} ${'blocked'.padStart(10)}`,
    row('(before the first stage: configuration, genres)', r.setup),
  ];
  for (const g of r.groups) {
    if (g.stages.length === 1) lines.push(row(g.stages[0]!.name, g));
    else {
      for (const s of g.stages) lines.push(row(`${s.name} ┆`, { wallS: s.wallS, main: undefined }));
      lines.push(row(`  ┆ these ${g.stages.length} at the same time, together`, g));
    }
  }
  lines.push(row('(after the last stage: history, snapshot)', r.wrapUp));
  lines.push(row('whole run', { wallS: r.coldS, cpuS: r.coldCpuS, main: r.whole.main }));
  return lines.join('\n');
}

const base = results[0]!;
const ratio = (value: number, of: number) => (results.length > 1 ? ` (${(value / of).toFixed(1)}×)` : '');
/** A time against its target, wall and CPU: met on the wall clock; or met in CPU time only (the wall clock counted waiting for a core); or over. */
const verdict = (wallS: number, cpuS: number, target: number) =>
  `${wallS <= target ? 'met' : cpuS <= target ? 'met in CPU, wall over' : 'over'} (wall ${(wallS / target).toFixed(2)}×, CPU ${(cpuS / target).toFixed(2)}× the target)`;
const lines = [
  '',
  `msr growth bench — Node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; anchor (bench-anchor.ts) ${anchorMs.toFixed(0)} ms; stage concurrency ${CONCURRENCY ?? 'default (2)'}`,
  `synthetic Kaggle-format data from fixtures/dataset.csv (re-release share ${(100 * seed.reReleaseShare).toFixed(0)}%); the shipped config.yaml and params.yaml; tracking ${process.env.MLFLOW_TRACKING_URI ? `to ${process.env.MLFLOW_TRACKING_URI} (the server's time not included)` : "to the root's local store (in the pipeline process, included)"}`,
  results.length > 1 ? `(n×) = ratio to ${base.size} songs` : '',
  '',
  ['songs', 'cold pipeline wall s', 'cold pipeline CPU s', `vs ${TARGETS.coldS} s`, 'evaluation stage wall s', 'evaluation stage CPU s', `vs ${TARGETS.evaluationS} s`, 'bundle MB', 'recommend CPU p50 ms', 'recommend CPU p99 ms', 'recommend wall p99 ms'].join(' | '),
  ...results.map((r) => {
    const ev = r.evaluation;
    return [
      r.size,
      `${r.coldS.toFixed(1)}${ratio(r.coldS, base.coldS)}`,
      `${r.coldCpuS.toFixed(1)}${ratio(r.coldCpuS, base.coldCpuS)}`,
      verdict(r.coldS, r.coldCpuS, TARGETS.coldS),
      ev ? `${ev.wallS.toFixed(1)}${ratio(ev.wallS, base.evaluation!.wallS)}` : 'n/a',
      ev ? `${ev.cpuS.toFixed(1)}${ratio(ev.cpuS, base.evaluation!.cpuS)}` : 'n/a',
      ev ? verdict(ev.wallS, ev.cpuS, TARGETS.evaluationS) : 'n/a',
      `${r.bundleMb.toFixed(1)}${ratio(r.bundleMb, base.bundleMb)}${r.bundleMb <= TARGETS.bundleMb ? '' : ' over'}`,
      r.p50.toFixed(3),
      `${r.p99.toFixed(3)}${ratio(r.p99, base.p99)}${r.p99 <= TARGETS.p99Ms ? '' : ' over'}`,
      r.wallP99.toFixed(3),
    ].join(' | ');
  }),
  `targets at 100k songs: cold pipeline ≤ ${TARGETS.coldS} s on 2 cores, evaluation stage ≤ ${TARGETS.evaluationS} s, bundle ≤ ${TARGETS.bundleMb} MB, recommend p99 ≤ ${TARGETS.p99Ms} ms ("over" marks a figure above its target;`,
  '"met in CPU, wall over": the process used less CPU than the target but waited for a core — re-run on a quiet machine to confirm the wall clock)',
];
process.stdout.write(`${lines.join('\n')}\n`);
