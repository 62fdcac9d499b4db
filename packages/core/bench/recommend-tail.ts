/**
 * `npm run bench:recommend-tail [-- --data <csv>]`: where the 10k p99 of `recommend()` comes
 * from, on the real data (default `../shared/data/spotify-tracks-9-genres.csv`; the held-out
 * split and 20-track playlists of `bench:recommend`'s latency rows). Two fresh processes, one with
 * V8's default parallel garbage collection and one with `--single-threaded-gc`, each printing:
 * per-call wall and CPU p50/p99 over 2,000 calls (after 4,000 untimed ones), how many calls' CPU
 * time exceeded their wall time by more than 0.3 ms (other threads of the process working beside
 * the call), and the p99 over playlists of each playlist's fastest of 7 calls (the work itself,
 * with the noise of single calls taken out). A third process plays playlists of songs the
 * catalog does not hold (each track's tempo nudged by one part in 10⁵, so the serving index's
 * stored class probabilities, decision 1202, never apply and every track is classified), as a
 * Spotify playlist of songs outside the songs base is. Not a test: figures depend on the machine.
 *
 * `--against <commit>`: the work only, this tree's `recommend()` against the commit's, in one
 * process: the commit's whole `packages/core/src` is unpacked under `packages/core/.against-*`
 * (git-ignored, removed after), so its `recommend()` runs with its own playlist input, classifier
 * and index code; each side gets the one bench model through its own `RecommenderModel.fromJSON`.
 * Per playlist, each side's fastest of 7, the sides alternating which goes first, so both meet
 * the same load at the same moment. Prints p50, p90 and p99 over playlists for each side and
 * this tree's ratio to the commit's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { createPrng } from '../src/random/prng.js';
import { recommend } from '../src/recommend/recommend.js';
import { RecommenderModel } from '../src/recommend/recommender-model.js';
import { benchData, buildModel, labelledSongs, REAL_DATA, ROOT, SHIPPED_CLASSIFIER } from './bench-split.js';
import { table } from './table.js';

const args = process.argv.slice(2);
const dataAt = args.indexOf('--data');
const path = dataAt >= 0 ? args[dataAt + 1]! : REAL_DATA;
const againstAt = args.indexOf('--against');
const against = againstAt >= 0 ? args[againstAt + 1]! : undefined;
const CALLS = 2000;
const REPEATS = 7;

interface Tail {
  load: number;
  wallP50: number;
  wallP99: number;
  cpuP50: number;
  cpuP99: number;
  cpuBeyondWall: number;
  workP99: number;
}

const quantile = (xs: ArrayLike<number>, q: number) => Float64Array.from(xs).sort()[Math.floor(xs.length * q)]!;

/** The bench's model and playlists (`unknown`: their songs nudged out of the catalog). */
function setUp(unknown = false) {
  const data = benchData(path);
  const model = buildModel(data, Array.from(data.tracks.X.keys()), data.outer.train, SHIPPED_CLASSIFIER);
  const test = labelledSongs(data.tracks, data.outer.test);
  const rng = createPrng(3);
  const playlists = Array.from({ length: CALLS }, () => {
    const start = rng.int(test.length - 20);
    return test.slice(start, start + 20).map((s) => ({ uri: s.uri, features: unknown ? { ...s.features, tempo: s.features['tempo']! * (1 + 1e-5) } : s.features }));
  });
  return { model, playlists };
}

function measure(unknown: boolean): Tail {
  const { model, playlists } = setUp(unknown);
  for (let c = 0; c < 2 * CALLS; c++) recommend(playlists[c % CALLS]!, model, { count: 20 });
  const wall = new Float64Array(CALLS);
  const cpu = new Float64Array(CALLS);
  let cpuBeyondWall = 0;
  for (let c = 0; c < CALLS; c++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    recommend(playlists[c]!, model, { count: 20 });
    wall[c] = performance.now() - t0;
    const used = process.cpuUsage(c0);
    cpu[c] = (used.user + used.system) / 1000;
    if (cpu[c]! - wall[c]! > 0.3) cpuBeyondWall++;
  }
  const work = new Float64Array(CALLS);
  for (let c = 0; c < CALLS; c++) {
    let fastest = Number.POSITIVE_INFINITY;
    for (let r = 0; r < REPEATS; r++) {
      const t0 = performance.now();
      recommend(playlists[c]!, model, { count: 20 });
      fastest = Math.min(fastest, performance.now() - t0);
    }
    work[c] = fastest;
  }
  return {
    load: loadavg()[0]!,
    wallP50: quantile(wall, 0.5),
    wallP99: quantile(wall, 0.99),
    cpuP50: quantile(cpu, 0.5),
    cpuP99: quantile(cpu, 0.99),
    cpuBeyondWall,
    workP99: quantile(work, 0.99),
  };
}

/** `--against`: each playlist's fastest of 7 for this tree's `recommend()` and the commit's, alternating which goes first. */
async function workAgainst(commit: string): Promise<void> {
  // Inside the repository, so the snapshot's package imports resolve to this tree's node_modules.
  const snapshot = join(ROOT, `packages/core/.against-${process.pid}`);
  mkdirSync(snapshot, { recursive: true });
  try {
    const archive = execFileSync('git', ['archive', commit, 'packages/core/src'], { cwd: ROOT, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', snapshot], { input: archive });
    const src = join(snapshot, 'packages/core/src');
    const old = ((await import(join(src, 'recommend/recommend.ts'))) as { recommend: typeof recommend }).recommend;
    const OldModel = ((await import(join(src, 'recommend/recommender-model.ts'))) as { RecommenderModel: typeof RecommenderModel }).RecommenderModel;
    const { model: built, playlists } = setUp();
    const json = JSON.stringify(built.toJSON());
    const models = [RecommenderModel.fromJSON(JSON.parse(json)), OldModel.fromJSON(JSON.parse(json))];
    const sides = [recommend, old];
    for (let c = 0; c < 2 * CALLS; c++) for (let s = 0; s < 2; s++) sides[s]!(playlists[c % CALLS]!, models[s]!, { count: 20 });
    const work = sides.map(() => new Float64Array(CALLS));
    for (let c = 0; c < CALLS; c++) {
      for (const s of c % 2 === 0 ? [0, 1] : [1, 0]) {
        let fastest = Number.POSITIVE_INFINITY;
        for (let r = 0; r < REPEATS; r++) {
          const t0 = performance.now();
          sides[s]!(playlists[c]!, models[s]!, { count: 20 });
          fastest = Math.min(fastest, performance.now() - t0);
        }
        work[s]![c] = fastest;
      }
    }
    const qs = [0.5, 0.9, 0.99];
    const figures = work.map((w) => qs.map((q) => quantile(w, q)));
    console.log(`recommend() on ${path}: each of ${CALLS} playlists' fastest of ${REPEATS} calls (count 20), this tree and ${commit} alternating in one process; load ${loadavg()[0]!.toFixed(1)} at the end`);
    table(
      ['recommend.ts', 'work p50 ms', 'work p90 ms', 'work p99 ms'],
      [
        ['this tree', ...figures[0]!.map((x) => x.toFixed(3))],
        [commit, ...figures[1]!.map((x) => x.toFixed(3))],
        ['ratio', ...qs.map((_, k) => (figures[0]![k]! / figures[1]![k]!).toFixed(2))],
      ],
    );
  } finally {
    rmSync(snapshot, { recursive: true, force: true });
  }
}

if (against !== undefined) {
  if (!existsSync(path)) {
    console.log(`bench:recommend-tail needs the data at ${path} (pass --data <csv>); nothing measured.`);
    process.exit(0);
  }
  await workAgainst(against);
  process.exit(0);
}

if (args[0] === '--child') {
  console.log(JSON.stringify(measure(args.includes('--unknown'))));
  process.exit(0);
}

if (!existsSync(path)) {
  console.log(`bench:recommend-tail needs the real data at ${path} (pass --data <csv>); nothing measured.`);
  process.exit(0);
}
const self = new URL(import.meta.url).pathname;
const rows = [
  ['default (parallel GC)', [], []],
  ['--single-threaded-gc', ['--single-threaded-gc'], []],
  ['default, songs not in the catalog', [], ['--unknown']],
].map(([name, flags, childArgs]) => {
  const out = execFileSync(process.execPath, [...(flags as string[]), ...process.execArgv, self, '--child', '--data', path, ...(childArgs as string[])], { encoding: 'utf8' });
  const t = JSON.parse(out.trim().split('\n').at(-1)!) as Tail;
  const ms = (x: number) => x.toFixed(3);
  return [name as string, t.load.toFixed(1), ms(t.wallP50), ms(t.wallP99), ms(t.cpuP50), ms(t.cpuP99), String(t.cpuBeyondWall), ms(t.workP99)];
});
console.log(`recommend() on ${path}: ${CALLS} calls (20-track playlists, count 20), then each playlist's fastest of ${REPEATS}; target p99 1 ms`);
table(['process', 'load', 'wall p50 ms', 'wall p99 ms', 'CPU p50 ms', 'CPU p99 ms', 'calls CPU > wall + 0.3 ms', 'work p99 ms (fastest of 7)'], rows);
