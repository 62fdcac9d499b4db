import {
  evaluateRecommender,
  findRecording,
  InvalidArgumentError,
  playlistFileSchema,
  recordingKeyOf,
  recordingKeyOfRow,
  RecommenderModel,
  trackIdFromUri,
  type EvaluationReport,
  type LabelledSong,
} from '@msr/core';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { RecommenderEvaluationConfig } from '../config/stage-configs.js';
import { DatasetError } from '../errors/dataset-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { labelsFileSchema } from '../models/artifacts.js';
import { readFeatureRows, readLabels } from '../songs/feature-matrix.js';
import { revertAliasMove } from '../tracking/champion-alias.js';
import { readPendingChampionMove } from '../tracking/pending-champion-move.js';
import { DATA_DIGEST_TAG, PIPELINE_RUN_TAG, trackRun, type Tracker } from '../tracking/tracker.js';
import { readJsonFile } from '../util/read-json.js';
import type { StageRunOptions } from './stage-run-options.js';

/** What {@link RecommenderEvaluation} needs from outside. */
export interface RecommenderEvaluationDeps {
  /** Where the run is logged (metrics and the report as an artifact); none means the report file only. */
  tracker?: Tracker;
  /** Clock for latency, in milliseconds. @default performance.now */
  now?: () => number;
}

/** The report the stage writes (`metrics/recommender.json`) and `msr evaluate` prints. */
export interface RecommenderEvaluationReport extends EvaluationReport {
  /** The bundle evaluated: its `training.createdAt` and data digest. */
  bundle: { path: string; createdAt: string; dataSha256: string | null };
  /** The configured primary metric and the default system's figure (NaN when skipped). */
  primary: { family: string; metric: string; value: number };
  /** Why nothing was measured (too few held-out recordings to build playlists), or null. */
  skipped: string | null;
  /** Held-out rows of the split that matched no catalog song of their genre (should be 0). */
  unmatched: number;
  /** The tracked run, when tracked. */
  runId: string | null;
  /** The champion gate's decision (see {@link RecommenderEvaluation}). */
  gate: ChampionGate;
}

/**
 * What the champion gate decided: `promoted` (the new version keeps the alias: no comparable
 * champion, or no worse than it), `kept` (worse: the alias went back to the champion's
 * version), or `none` (untracked, not evaluated, or no registry).
 */
export type ChampionGate =
  | { decision: 'promoted'; version: string; primary: number; champion: { version: string; primary: number } | null }
  | { decision: 'kept'; version: string; primary: number; champion: { version: string; primary: number } }
  | { decision: 'none'; reason: string };

/**
 * Stage 8, after assembly: evaluates the served bundle as a recommender on held-out playlists
 * built from the split's test rows — recordings the classifier never saw, which the catalog
 * still holds — with every system side by side (`@msr/core`'s `evaluateRecommender`): the
 * default, the previous default, the original algorithm, two kNN baselines and the true-genre
 * reference. Writes the report atomically and logs one run (a metric per system, family and
 * figure, the report as an artifact).
 */
export class RecommenderEvaluation {
  readonly #config: RecommenderEvaluationConfig;
  readonly #deps: RecommenderEvaluationDeps;

  constructor(config: RecommenderEvaluationConfig, deps: RecommenderEvaluationDeps = {}) {
    this.#config = config;
    this.#deps = deps;
  }

  /** Evaluates, writes the report and tracks the run. */
  async run(options: StageRunOptions = {}): Promise<RecommenderEvaluationReport> {
    const c = this.#config;
    const [bundleJson, labels, X, y] = await Promise.all([readJsonFile(c.bundlePath, z.unknown()), readJsonFile(c.labelsPath, labelsFileSchema), readFeatureRows(c.xTestPath), readLabels(c.yTestPath)]);
    if (X.length !== y.length) throw new DatasetError(c.yTestPath, `has ${y.length} labels for ${X.length} rows in ${c.xTestPath}`);
    const model = RecommenderModel.fromJSON(bundleJson);
    const bundleDigest = model.training.dataFingerprint ?? null;
    if (bundleDigest !== null && bundleDigest !== labels.dataSha256) {
      throw new DatasetError(c.bundlePath, 'was assembled from another songs base than the current test set; run model_assembly again');
    }
    const { songs, unmatched } = heldOutSongs(model, labels.classes, X, y);
    if (unmatched > 0) options.onLog?.('warn', `${unmatched} of ${X.length} held-out rows match no catalog song of their genre; left out`);
    const configured = await configuredPlaylists(c.playlistsPath, model, songs);
    if (configured.length > 0) options.onLog?.('info', `${configured.length} playlists of ${c.playlistsPath} hold at least 4 held-out recordings`);
    options.onLog?.('info', `evaluating on ${songs.length} held-out songs, ${c.playlists} playlists per family`);
    let report: EvaluationReport;
    let skipped: string | null = null;
    try {
      report = evaluateRecommender(model, songs, { playlists: c.playlists, seed: c.seed, configured, ...(this.#deps.now ? { now: this.#deps.now } : {}) });
    } catch (error) {
      // A small dataset cannot fill 20-track playlists from its test part: say so, don't fail the run.
      if (!(error instanceof InvalidArgumentError && error.argument === 'songs')) throw error;
      skipped = error.message;
      options.onLog?.('warn', `recommender not evaluated: ${error.message}`);
      report = { figures: [], coverage: [], setup: { playlists: c.playlists, families: [], count: 20, songs: songs.length, recordings: 0, catalogRecordings: 0, seed: c.seed } };
    }
    const primaryFigure = report.figures.find((f) => f.system === 'default' && f.family === c.primaryMetric.family);
    const out: RecommenderEvaluationReport = {
      ...report,
      bundle: { path: c.bundlePath, createdAt: model.training.createdAt, dataSha256: bundleDigest },
      primary: { ...c.primaryMetric, value: primaryFigure ? primaryFigure[c.primaryMetric.metric] : Number.NaN },
      skipped,
      unmatched,
      runId: null,
      gate: { decision: 'none', reason: skipped !== null ? 'not evaluated' : 'not tracked' },
    };
    const tracker = this.#deps.tracker;
    if (tracker && skipped === null) {
      out.runId = await trackRun(tracker, c.experimentName, { runName: `recommender-eval-${model.training.createdAt}`, tags: { ...options.trackingTags, [DATA_DIGEST_TAG]: labels.dataSha256 } }, async (runId) => {
        await tracker.logBatch(runId, { params: { playlists: c.playlists, seed: c.seed, primary_metric: `${c.primaryMetric.family}.${c.primaryMetric.metric}` }, metrics: reportMetrics(out) });
        out.gate = await this.#gate(tracker, runId, out.primary.value, labels.dataSha256, options);
        const dir = await mkdtemp(join(dirname(c.reportPath), '.recommender-eval-'));
        try {
          await writeFile(join(dir, 'recommender.json'), `${JSON.stringify({ ...out, runId }, jsonNumbers, 2)}\n`);
          await tracker.logArtifacts(runId, dir, 'evaluation');
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
        return runId;
      });
      options.onLog?.('info', `logged run ${out.runId} in ${c.experimentName} (${tracker.location})`);
    }
    await writeFileAtomic(c.reportPath, `${JSON.stringify(out, jsonNumbers, 2)}\n`);
    if (skipped === null) options.onLog?.('info', `${c.primaryMetric.metric} on ${c.primaryMetric.family} playlists: ${out.primary.value.toFixed(3)}`);
    return out;
  }

  /**
   * Promotion is gated on the primary metric: the assembly moved the alias to the new version;
   * if the last version that passed this gate on the same songs base (the same test set, so
   * comparable) scored higher, the alias goes back to it. The comparison is logged and tagged.
   */
  async #gate(tracker: Tracker, runId: string, primary: number, digest: string, options: StageRunOptions): Promise<ChampionGate> {
    const c = this.#config;
    if (!tracker.getModelVersionByAlias) return { decision: 'none', reason: 'the tracking store has no model registry' };
    let current: { readonly version: string } | undefined;
    try {
      current = await tracker.getModelVersionByAlias(c.registeredModelName, c.alias);
    } catch (error) {
      options.onLog?.('warn', `champion gate skipped: ${(error as Error).message}`);
      return { decision: 'none', reason: (error as Error).message };
    }
    if (!current) return { decision: 'none', reason: `${c.registeredModelName}@${c.alias} is not set` };
    const { experimentId } = await tracker.getOrCreateExperiment(c.experimentName);
    const page = await tracker.searchRuns({
      experimentIds: [experimentId],
      filter: `tags.\`${CHAMPION_TAG}\` = 'true' and tags.\`${DATA_DIGEST_TAG}\` = '${digest}'`,
      orderBy: ['attributes.start_time DESC'],
      maxResults: 1,
    });
    const last = page.items[0];
    const lastPrimary = last?.data.metrics['primary'];
    const lastVersion = last?.data.tags[VERSION_TAG];
    const champion = last && lastPrimary !== undefined && lastVersion !== undefined && lastVersion !== current.version ? { version: lastVersion, primary: lastPrimary } : null;
    const what = `${c.primaryMetric.metric} on ${c.primaryMetric.family} playlists`;
    let gate: ChampionGate;
    if (champion && primary < champion.primary) {
      // Undo this run's assembly move rather than move again, so @previous-champion is not the rejected version.
      await revertAliasMove(tracker, c.registeredModelName, c.alias, champion.version, await readPendingChampionMove(c.championMovePath, options.trackingTags?.[PIPELINE_RUN_TAG]));
      gate = { decision: 'kept', version: current.version, primary, champion };
      options.onLog?.('warn', `version ${current.version} not promoted: ${what} ${primary.toFixed(4)} < champion version ${champion.version}'s ${champion.primary.toFixed(4)}; @${c.alias} back on version ${champion.version}`);
    } else {
      gate = { decision: 'promoted', version: current.version, primary, champion };
      options.onLog?.('info', champion ? `version ${current.version} stays @${c.alias}: ${what} ${primary.toFixed(4)} ≥ version ${champion.version}'s ${champion.primary.toFixed(4)}` : `version ${current.version} stays @${c.alias}: no earlier champion evaluated on this songs base`);
    }
    await tracker.logBatch(runId, {
      tags: {
        [VERSION_TAG]: current.version,
        [CHAMPION_TAG]: String(gate.decision === 'promoted'),
        'msr.gate': champion ? `${gate.decision}: ${primary} vs version ${champion.version} ${champion.primary}` : `${gate.decision}: no earlier champion`,
      },
    });
    return gate;
  }
}

/** Tags of an evaluation run: the registered version it evaluated, and whether that version passed the gate. */
const VERSION_TAG = 'msr.model_version';
const CHAMPION_TAG = 'msr.champion';

/** The held-out rows as catalog songs: each row is found in its genre's catalog by identical features. */
export function heldOutSongs(model: RecommenderModel, classes: readonly string[], X: readonly Float64Array[], y: Int32Array): { songs: LabelledSong[]; unmatched: number } {
  const d = model.featureNames.length;
  const songs: LabelledSong[] = [];
  let unmatched = 0;
  const row = new Float32Array(d);
  X.forEach((x, i) => {
    const genre = classes[y[i]!];
    const g = genre === undefined ? -1 : model.genres.indexOf(genre);
    const catalog = g === -1 ? undefined : model.genreModels[g]!.catalog;
    for (let f = 0; f < d; f++) row[f] = x[f]!;
    const j = catalog ? findRecording(catalog.recordings, catalog.raw, row, d) : -1;
    if (j === -1) {
      unmatched++;
      return;
    }
    songs.push({ uri: catalog!.uris[j]!, genre: genre!, features: Object.fromEntries(model.featureNames.map((name, f) => [name, x[f]!])) });
  });
  return { songs, unmatched };
}

/**
 * The playlists of the MPD-format file at `path` (none when it does not exist), each reduced to
 * its tracks that are held-out recordings (by id in any form, or a re-release of one), in file
 * order, each recording once.
 */
async function configuredPlaylists(path: string, model: RecommenderModel, heldOut: readonly LabelledSong[]): Promise<LabelledSong[][]> {
  if (!existsSync(path)) return [];
  const file = await readJsonFile(path, playlistFileSchema);
  const d = model.featureNames.length;
  const heldOutKeys = new Map(heldOut.map((song) => [recordingKeyOf(model, song.features), song]));
  // Every catalog id of a held-out recording, so a playlist may name any of its releases.
  const byId = new Map<string, LabelledSong>();
  for (const { catalog } of model.genreModels) {
    for (let j = 0; j < catalog.size; j++) {
      const song = heldOutKeys.get(recordingKeyOfRow(catalog.raw.subarray(j * d, (j + 1) * d)));
      if (song && !byId.has(catalog.ids[j]!)) byId.set(catalog.ids[j]!, song);
    }
  }
  return file.playlists.map((playlist) => {
    const seen = new Set<LabelledSong>();
    return playlist.tracks.flatMap((track) => {
      const song = byId.get(trackIdFromUri(track.track_uri));
      if (!song || seen.has(song)) return [];
      seen.add(song);
      return [song];
    });
  });
}

/** One metric per system, family and figure (`default.coherent.recall_at_20`), NaNs left out. */
function reportMetrics(report: RecommenderEvaluationReport): { key: string; value: number }[] {
  const snake = (s: string) => s.replace(/At(\d+)/, '_at_$1').replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`).replace(/-/g, '_');
  const metrics: { key: string; value: number }[] = [{ key: 'primary', value: report.primary.value }];
  for (const f of report.figures) {
    for (const name of ['genreAccuracy', 'genrePrecision', 'recallAt20', 'ndcgAt20', 'coverage', 'bothGenres', 'diversity', 'latencyP99Ms'] as const) {
      const value = f[name];
      if (Number.isFinite(value)) metrics.push({ key: `${snake(f.system)}.${snake(f.family)}.${snake(name)}`, value });
    }
  }
  for (const c of report.coverage) metrics.push({ key: `${snake(c.system)}.coverage`, value: c.coverage });
  return metrics;
}

/** NaN (both-genre rate of single-genre families) as null in JSON, explicitly. */
function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
