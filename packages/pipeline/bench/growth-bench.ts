/**
 * `npm run bench:growth` — how the pipeline and the recommender grow from 10k to 100k songs
 * (issue 14, "Growth"): at each size a cold full pipeline (the shipped config and params,
 * tracking to the root's local store), the bundle's size, `recommend()`'s p99 on the bundle
 * and the `recommender_evaluation` stage's time, beside the targets at 100k songs (cold
 * pipeline ≤ 3 min on 2 cores, bundle ≤ 40 MB, recommend p99 ≤ 5 ms, evaluation ≤ 30 s) and
 * as a ratio to the smallest size.
 *
 * Data: synthetic, with the shape of the committed Kaggle-format fixture (`fixtures/dataset.csv`):
 * its 21 columns, its songs' features jittered by 2% (key, mode and time signature kept), and
 * its share of re-releases (rows repeating an earlier row's features under another id). Its 10
 * genres become 20: every other song goes to genre `g-2`, genre `g` with tempo +6 BPM and valence +0.04, so the
 * extra genres overlap their twins the way real neighbouring genres do.
 *
 * `MSR_GROWTH_SIZES` (default `10000,30000,100000`). Other work shares the machine: the CPU
 * anchor is printed with the figures. Not a test: figures depend on the machine.
 */
import { createPrng, FEATURE_NAMES, RecommenderModel, recommend, SEED_GENRES, type PlaylistTrack } from '@msr/core';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfigDir, formatCsv, parseCsv, runPipeline } from '../src/index.js';
import { anchor, median } from './bench-anchor.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const SIZES = (process.env.MSR_GROWTH_SIZES ?? '10000,30000,100000').split(',').map(Number);
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
const results: { size: number; genres: number; coldS: number; coldCpuS: number; bundleMb: number; p50: number; p99: number; wallP99: number; evaluationS: number; slowest: string }[] = [];
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
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await runPipeline({ rootDir: root, files: { config, params } });
    const cpu = process.cpuUsage(cpu0);
    const coldS = (performance.now() - started) / 1000;
    const bundlePath = findBundle(root);
    const model = RecommenderModel.fromJSON(JSON.parse(await readFile(bundlePath, 'utf8')));
    const { p50, p99, wallP99 } = recommendLatency(model, 2000);
    const evaluation = result.stages.find((s) => s.name === EVALUATION_STAGE);
    const slowest = [...result.stages].sort((a, b) => (b.durationMs ?? 0) - (a.durationMs ?? 0)).slice(0, 3);
    results.push({
      size,
      genres: model.genres.length,
      coldS,
      coldCpuS: (cpu.user + cpu.system) / 1e6,
      bundleMb: statSync(bundlePath).size / 1e6,
      p50,
      p99,
      wallP99,
      evaluationS: (evaluation?.durationMs ?? Number.NaN) / 1000,
      slowest: slowest.map((s) => `${s.name} ${((s.durationMs ?? 0) / 1000).toFixed(1)} s`).join(', '),
    });
    process.stdout.write(`${size} songs: cold pipeline ${coldS.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU\n`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
const anchorMs = median([anchorBefore, await anchor()]);

const base = results[0]!;
const cell = (value: number, digits: number, target: number, of: number) => `${value.toFixed(digits)} (${(value / of).toFixed(1)}×)${value <= target ? '' : ' over'}`;
const lines = [
  `msr growth bench — Node ${process.version}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; anchor (bench-anchor.ts) ${anchorMs.toFixed(0)} ms`,
  `synthetic Kaggle-format data from fixtures/dataset.csv (re-release share ${(100 * seed.reReleaseShare).toFixed(0)}%); the shipped config.yaml and params.yaml; (n×) = ratio to ${base.size} songs`,
  '',
  ['songs', 'genres', 'cold pipeline s (wall)', 'cold pipeline s (CPU)', 'bundle MB', 'recommend CPU p50 ms', 'recommend CPU p99 ms', 'recommend wall p99 ms', 'evaluation stage s (wall)'].join(' | '),
  ...results.map((r) =>
    [
      r.size,
      r.genres,
      cell(r.coldS, 1, TARGETS.coldS, base.coldS),
      cell(r.coldCpuS, 1, TARGETS.coldS, base.coldCpuS),
      cell(r.bundleMb, 1, TARGETS.bundleMb, base.bundleMb),
      r.p50.toFixed(3),
      cell(r.p99, 3, TARGETS.p99Ms, base.p99),
      r.wallP99.toFixed(3),
      cell(r.evaluationS, 1, TARGETS.evaluationS, base.evaluationS),
    ].join(' | '),
  ),
  `targets at 100k songs: cold pipeline ≤ ${TARGETS.coldS} s, bundle ≤ ${TARGETS.bundleMb} MB, recommend p99 ≤ ${TARGETS.p99Ms} ms, evaluation stage ≤ ${TARGETS.evaluationS} s ("over" marks a figure above its target)`,
  '',
  'slowest stages:',
  ...results.map((r) => `  ${r.size}: ${r.slowest}`),
];
process.stdout.write(`${lines.join('\n')}\n`);
