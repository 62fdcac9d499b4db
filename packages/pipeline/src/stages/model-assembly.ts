import { FEATURE_NAMES, songMetadataOf } from '@msr/core';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusteringConfig, ModelAssemblyConfig, ModelEvaluationConfig } from '../config/stage-configs.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import {
  classifierArtifactSchema,
  classifierMetricsSchema,
  clustererArtifactSchema,
  clusteringMetricsSchema,
  labelsFileSchema,
  scalerArtifactSchema,
  type ClassifierArtifact,
  type ClustererArtifact,
} from '../models/artifacts.js';
import type { BundleParts, ModelKit } from '../models/model-kit.js';
import { readSongsBase } from '../songs/songs-base.js';
import { promoteAlias } from '../tracking/champion-alias.js';
import { logModelFile } from '../tracking/log-model-file.js';
import { writePendingChampionMove } from '../tracking/pending-champion-move.js';
import { bestRun, DATA_DIGEST_TAG, PIPELINE_RUN_TAG, trackRun, type Tracker } from '../tracking/tracker.js';
import { readJsonFile } from '../util/read-json.js';
import type { StageRunOptions } from './stage-run-options.js';

/** What {@link ModelAssembly} needs from outside. */
export interface ModelAssemblyDeps {
  models: ModelKit;
  /** Where the best runs are searched and the bundle is logged and registered; none means the local files are used. */
  tracker?: Tracker;
  /** @default Date.now */
  clock?: () => number;
}

/** The inputs of the assembly: the other stages' configs. */
export interface ModelAssemblyInputs {
  assembly: ModelAssemblyConfig;
  evaluation: ModelEvaluationConfig;
  clustering: ClusteringConfig;
}

/** What {@link ModelAssembly.run} did. */
export interface ModelAssemblyResult {
  bundlePath: string;
  version: string;
  /** Where the classifier came from: this run's model, or an earlier, better run on the same data. */
  classifier: { runId: string | null; accuracy: number; fromEarlierRun: boolean };
  clusterers: { genre: string; runId: string | null; silhouette: number | null; fromEarlierRun: boolean }[];
  /** The tracked run of the bundle and its registration, when tracked. */
  tracked?: {
    runId: string;
    modelUri: string;
    registered: { name: string; version: string; alias: string } | { error: string };
    /** True when this very bundle was registered before: no new run, model or version, the alias moved back to it. */
    alreadyRegistered: boolean;
  };
}

/**
 * Selection and assembly: picks the best classifier run (by accuracy) and, per genre, the best
 * clustering run (by silhouette) among the tracked runs trained on the current songs base,
 * and writes the served `RecommenderModel` bundle (the kit labels every catalog song with its
 * cluster) atomically. With a tracking store, it logs the bundle as a model, registers it and moves the
 * `champion` alias to the new version.
 */
export class ModelAssembly {
  readonly #inputs: ModelAssemblyInputs;
  readonly #deps: ModelAssemblyDeps;

  constructor(inputs: ModelAssemblyInputs, deps: ModelAssemblyDeps) {
    this.#inputs = inputs;
    this.#deps = deps;
  }

  /** Selects, assembles, writes and (when tracked) registers the bundle. */
  async run(options: StageRunOptions = {}): Promise<ModelAssemblyResult> {
    const { assembly, evaluation, clustering } = this.#inputs;
    const { models, tracker } = this.#deps;
    const clock = this.#deps.clock ?? Date.now;
    const labels = await readJsonFile(evaluation.labelsPath, labelsFileSchema);
    const digest = labels.dataSha256;
    const scratch = await mkdtemp(join(clustering.rootDir, '.assembly-'));
    try {
      // The classifier: this run's, unless an earlier run on the same data scored higher.
      let classifier = await readJsonFile(evaluation.modelPath, classifierArtifactSchema);
      const localMetrics = await readJsonFile(evaluation.metricsPath, classifierMetricsSchema);
      let chosenClassifier = { runId: localMetrics.runId, accuracy: localMetrics.accuracy, fromEarlierRun: false };
      if (tracker) {
        const best = await bestRun(tracker, assembly.classifierExperiment, assembly.classifierMetric, digest);
        if (best && best.runId !== localMetrics.runId && best.value > localMetrics.accuracy) {
          classifier = await downloadArtifact(tracker, best.runId, scratch, classifierArtifactSchema);
          chosenClassifier = { runId: best.runId, accuracy: best.value, fromEarlierRun: true };
        }
      }
      const scalerArtifact = await readJsonFile(clustering.scalerPath, scalerArtifactSchema);
      const chosen: { artifact: ClustererArtifact; runId: string | null; silhouette: number | null; fromEarlierRun: boolean }[] = [];
      for (let i = 0; i < clustering.genres.length; i++) {
        let artifact = await readJsonFile(join(clustering.modelDir, `${clustering.modelNamePrefix}${i}.json`), clustererArtifactSchema);
        const metrics = await readJsonFile(`${clustering.metricsPathPrefix}${i}.json`, clusteringMetricsSchema);
        let pick = { runId: metrics.runId, silhouette: metrics.silhouette, fromEarlierRun: false };
        if (tracker) {
          const best = await bestRun(tracker, assembly.clusteringExperiments[i]!, assembly.clusteringMetric, digest);
          if (best && best.runId !== metrics.runId && (metrics.silhouette === null || best.value > metrics.silhouette)) {
            artifact = await downloadArtifact(tracker, best.runId, scratch, clustererArtifactSchema);
            pick = { runId: best.runId, silhouette: best.value, fromEarlierRun: true };
          }
        }
        chosen.push({ artifact, ...pick });
      }
      const catalogs: BundleParts['catalogs'] = [];
      for (let i = 0; i < clustering.genres.length; i++) {
        const path = `${clustering.catalogPathPrefix}${i}.csv`;
        // The catalog is a songs base: uri, features and whatever display metadata it kept.
        const songs = await readSongsBase(path);
        catalogs.push({ genre: clustering.genres[i]!, songs: songs.map((song) => ({ ...songMetadataOf(song), uri: song.uri, features: FEATURE_NAMES.map((f) => song[f]) })) });
      }
      const parts: BundleParts = {
        createdAt: clock(),
        classes: classifier.classes,
        genres: clustering.genres,
        scaler: scalerArtifact.model,
        classifier: { model: classifier.model, runId: chosenClassifier.runId, accuracy: chosenClassifier.accuracy },
        clusterers: chosen.map((c) => ({ genre: c.artifact.genre, model: c.artifact.model, runId: c.runId, silhouette: c.silhouette })),
        catalogs,
        training: { dataSha256: digest, songs: catalogs.reduce((n, c) => n + c.songs.length, 0), classifierParams: classifier.params, clusteringParams: chosen.map((c) => c.artifact.params) },
      };
      // The bundle's identity: its parts, whenever it was assembled.
      const version = createHash('sha256').update(JSON.stringify({ ...parts, createdAt: 0 })).digest('hex').slice(0, 16);
      const bundle = models.bundle.create(parts);
      await writeFileAtomic(assembly.bundlePath, JSON.stringify(bundle));
      options.onLog?.('info', `bundle ${version} written to ${assembly.bundlePath} (classifier accuracy ${(chosenClassifier.accuracy * 100).toFixed(1)}%)`);
      const result: ModelAssemblyResult = {
        bundlePath: assembly.bundlePath,
        version,
        classifier: chosenClassifier,
        clusterers: chosen.map((c) => ({ genre: c.artifact.genre, runId: c.runId, silhouette: c.silhouette, fromEarlierRun: c.fromEarlierRun })),
      };
      if (tracker) result.tracked = await this.#register(tracker, version, digest, options);
      return result;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  async #register(tracker: Tracker, version: string, digest: string, options: StageRunOptions): Promise<NonNullable<ModelAssemblyResult['tracked']>> {
    const { assembly, clustering } = this.#inputs;
    const name = assembly.registeredModelName;
    // An identical bundle (same parts, same source runs) already registered: point the alias
    // at that version again instead of logging another copy and another version.
    const earlier = await registeredBundle(tracker, version, name);
    if (earlier) {
      try {
        await this.#moveChampion(tracker, earlier.version, options);
        options.onLog?.('info', `bundle ${version} is already ${name} version ${earlier.version}; @${assembly.alias} points at it`);
        return { runId: earlier.runId, modelUri: earlier.modelUri, registered: { name, version: earlier.version, alias: assembly.alias }, alreadyRegistered: true };
      } catch (error) {
        // The version was deleted from the registry meanwhile: register the bundle anew.
        const code = (error as { code?: unknown }).code;
        if (code !== 'RESOURCE_DOES_NOT_EXIST' && code !== 'ERR_UNKNOWN_MODEL_VERSION') throw error;
      }
    }
    return trackRun(tracker, BUNDLE_EXPERIMENT, { runName: `bundle-${version}`, tags: { ...options.trackingTags, [DATA_DIGEST_TAG]: digest, [BUNDLE_VERSION_TAG]: version } }, async (runId) => {
      const { modelUri } = await logModelFile(tracker, runId, assembly.bundlePath, { scratchRoot: clustering.rootDir, name: 'recommender', flavor: { kind: 'recommender', version }, params: { bundle_version: version } });
      let registered: { name: string; version: string; alias: string } | { error: string };
      try {
        const mv = await tracker.registerModel(name, modelUri);
        await this.#moveChampion(tracker, mv.version, options);
        await tracker.logBatch(runId, { tags: { [REGISTERED_VERSION_TAG]: `${name}/${mv.version}`, [MODEL_URI_TAG]: modelUri } });
        registered = { name, version: mv.version, alias: assembly.alias };
        options.onLog?.('info', `registered ${name} version ${mv.version} as @${assembly.alias}`);
      } catch (error) {
        // A tracking server without a model registry: the bundle is logged, just not registered.
        registered = { error: (error as Error).message };
        options.onLog?.('warn', `could not register the bundle: ${(error as Error).message}`);
      }
      return { runId, modelUri, registered, alreadyRegistered: false };
    });
  }

  /**
   * Moves the alias as `msr models promote` does — the replaced champion becomes
   * `@previous-champion`, so `msr models rollback` undoes a run too — and records the move for this
   * pipeline run's champion gate, which undoes it if it keeps the old champion (decision 1060).
   */
  async #moveChampion(tracker: Tracker, version: string, options: StageRunOptions): Promise<void> {
    const { registeredModelName, alias, championMovePath } = this.#inputs.assembly;
    const move = await promoteAlias(tracker, registeredModelName, alias, version);
    const pipelineRunId = options.trackingTags?.[PIPELINE_RUN_TAG];
    if (move.moved && pipelineRunId !== undefined) await writePendingChampionMove(championMovePath, pipelineRunId, move);
  }
}

/** The experiment of the assembled bundles' runs. */
export const BUNDLE_EXPERIMENT = 'msr_recommender';
/** Tag on a bundle run: the bundle's content version. */
const BUNDLE_VERSION_TAG = 'msr.bundle_version';
/** Tag on a bundle run once registered: `<registered model>/<version>`. */
const REGISTERED_VERSION_TAG = 'msr.registered_version';
/** Tag on a bundle run: the logged model's URI. */
const MODEL_URI_TAG = 'msr.model_uri';

/** The registered version of bundle `version` under `name`, from the finished run that registered it. */
async function registeredBundle(tracker: Tracker, version: string, name: string): Promise<{ runId: string; modelUri: string; version: string } | undefined> {
  const experiment = await tracker.getExperimentByName(BUNDLE_EXPERIMENT);
  if (!experiment) return undefined;
  const page = await tracker.searchRuns({
    experimentIds: [experiment.experimentId],
    filter: `attributes.status = 'FINISHED' and tags.\`${BUNDLE_VERSION_TAG}\` = '${version}'`,
    orderBy: ['attributes.start_time DESC'],
    maxResults: 50,
  });
  for (const run of page.items) {
    const registered = run.data.tags[REGISTERED_VERSION_TAG];
    const modelUri = run.data.tags[MODEL_URI_TAG];
    if (registered?.startsWith(`${name}/`) && modelUri) return { runId: run.info.runId, modelUri, version: registered.slice(name.length + 1) };
  }
  return undefined;
}

async function downloadArtifact<S extends typeof classifierArtifactSchema | typeof clustererArtifactSchema>(tracker: Tracker, runId: string, scratch: string, schema: S): Promise<S extends typeof classifierArtifactSchema ? ClassifierArtifact : ClustererArtifact> {
  const { dir } = await tracker.downloadModel(`runs:/${runId}/model`, join(scratch, runId));
  return (await readJsonFile(join(dir, 'model.json'), schema)) as S extends typeof classifierArtifactSchema ? ClassifierArtifact : ClustererArtifact;
}
