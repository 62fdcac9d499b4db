import { GAUSSIAN_MIXTURE_PARAMETERS, trackedParamsOf } from '@msr/core';
import type { ClusteringConfig } from '../config/stage-configs.js';
import { DatasetError } from '../errors/dataset-error.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { FileTransaction } from '../fs/file-transaction.js';
import { labelsFileSchema, type ClustererArtifact, type ClusteringMetrics, type ScalerArtifact } from '../models/artifacts.js';
import type { Clusterer, ClustererParams, FeatureRows, ModelKit } from '../models/model-kit.js';
import { readFeatureRows } from '../songs/feature-matrix.js';
import { DATA_DIGEST_TAG, trackRun, type Tracker } from '../tracking/tracker.js';
import { readJsonFile } from '../util/read-json.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { logModelFile } from '../tracking/log-model-file.js';
import type { StageRunOptions } from './stage-run-options.js';

/** What {@link ClusteringFit} needs from outside. */
export interface ClusteringFitDeps {
  models: ModelKit;
  /** Where runs are logged; none means the metrics files only. */
  tracker?: Tracker;
  /** A monotonic clock for prediction times. @default performance.now */
  now?: () => number;
}

/** What {@link ClusteringFit.run} did. */
export interface ClusteringFitResult {
  scalerPath: string;
  /** One entry per genre, in config order. */
  genres: (ClusteringMetrics & { modelPath: string; metricsPath: string; experiment: string })[];
}

/**
 * Stage 6: fits one Gaussian mixture per genre (its own `n_components[i]`, the shared
 * `covariance_type` and `random_state`) on that genre's catalog, scaled by one standard scaler
 * fitted on every catalog song (the same scaler the served model uses — the original compared
 * raw and min-max-scaled features). Computes silhouette, Calinski-Harabasz, Davies-Bouldin and
 * prediction time, writes `umodel_<i>.json` and `uns_metrics_<i>.json` together, and logs one
 * run per genre in experiment `clst_<i>_<genre>`.
 */
export class ClusteringFit {
  readonly #config: ClusteringConfig;
  readonly #deps: ClusteringFitDeps;

  constructor(config: ClusteringConfig, deps: ClusteringFitDeps) {
    this.#config = config;
    this.#deps = deps;
  }

  /** The experiment of genre `i`. */
  experimentOf(i: number): string {
    return `${this.#config.experimentPrefix}${i}_${this.#config.genres[i]}`;
  }

  /** Fits, evaluates, writes and tracks every genre's mixture. */
  async run(options: StageRunOptions = {}): Promise<ClusteringFitResult> {
    const c = this.#config;
    const { models, tracker } = this.#deps;
    const now = this.#deps.now ?? (() => performance.now());
    const listed = (await readFile(c.genresPath, 'utf8')).split('\n').filter((g) => g !== '');
    if (listed.join('\n') !== c.genres.join('\n')) throw new DatasetError(c.genresPath, `lists ${listed.join(', ')} but the pipeline trains on ${c.genres.join(', ')}; run the transformation again`);
    const labels = await readJsonFile(c.labelsPath, labelsFileSchema);
    const catalogs = await Promise.all(c.genres.map((_g, i) => readFeatureRows(`${c.catalogPathPrefix}${i}.csv`)));
    const scaler = models.scaler.create();
    await scaler.fit(catalogs.flat());
    const scalerArtifact: ScalerArtifact = { format: 'msr.scaler-artifact', version: 1, dataSha256: labels.dataSha256, model: scaler.toJSON() };
    const results: ClusteringFitResult['genres'] = [];
    await FileTransaction.run(async (tx) => {
      await tx.write(c.scalerPath, JSON.stringify(scalerArtifact));
      for (let i = 0; i < c.genres.length; i++) {
        options.signal?.throwIfAborted();
        const genre = c.genres[i]!;
        const X = scaler.transform(catalogs[i]!);
        const { nComponents, nComponentsRange: _range, ...shared } = c.params;
        const params: ClustererParams = { ...shared, nComponents: nComponents[i]! };
        const chosen = c.params.nComponentsRange ? await chooseByBic(models, params, c.params.nComponentsRange, X) : undefined;
        if (chosen) {
          params.nComponents = chosen.nComponents;
          options.onLog?.('info', `${genre}: ${chosen.nComponents} components chosen by BIC (${Object.entries(chosen.bic).map(([k, v]) => `k=${k} ${v.toFixed(0)}`).join(', ')})`);
        }
        if (X.length < params.nComponents) throw new DatasetError(`${c.catalogPathPrefix}${i}.csv`, `genre ${genre} has ${X.length} songs, fewer than its ${params.nComponents} components`);
        const mixture = chosen?.mixture ?? models.clusterer.create(params);
        if (!chosen) await mixture.fit(X);
        const started = now();
        const assigned = mixture.predict(X);
        const predictTimeMs = now() - started;
        const clusterSizes = Array.from({ length: params.nComponents }, () => 0);
        for (let r = 0; r < assigned.length; r++) clusterSizes[assigned[r]!] = (clusterSizes[assigned[r]!] ?? 0) + 1;
        const populated = clusterSizes.filter((n) => n > 0).length;
        const scored = populated >= 2 && populated < X.length;
        const metrics: ClusteringMetrics = {
          genre,
          silhouette: scored ? models.metrics.silhouette(X, assigned) : null,
          calinskiHarabasz: scored ? models.metrics.calinskiHarabasz(X, assigned) : null,
          daviesBouldin: scored ? models.metrics.daviesBouldin(X, assigned) : null,
          predictTimeMs,
          nComponents: params.nComponents,
          ...(chosen ? { bic: chosen.bic } : {}),
          clusterSizes,
          runId: null,
        };
        if (!scored) options.onLog?.('warn', `${genre}: ${populated} populated cluster(s); the clustering scores are undefined`);
        const artifact: ClustererArtifact = { format: 'msr.clusterer-artifact', version: 1, genre, index: i, params: { ...params }, dataSha256: labels.dataSha256, model: mixture.toJSON() };
        const modelPath = join(c.modelDir, `${c.modelNamePrefix}${i}.json`);
        const metricsPath = `${c.metricsPathPrefix}${i}.json`;
        await tx.write(modelPath, JSON.stringify(artifact));
        const experiment = this.experimentOf(i);
        if (tracker) {
          metrics.runId = await trackRun(tracker, experiment, { runName: `gmm-${genre}-k${params.nComponents}`, tags: { ...options.trackingTags, [DATA_DIGEST_TAG]: labels.dataSha256, 'msr.genre': genre } }, async (runId) => {
            // Every declared hyper-parameter, under its params.yaml key.
            const tracked = { ...trackedParamsOf(GAUSSIAN_MIXTURE_PARAMETERS, params), songs: String(X.length), ...(c.params.nComponentsRange ? { n_components_range: c.params.nComponentsRange.join('-') } : {}) };
            // The model first (the staged copy: the file is not in place yet); on MLflow 3.x the
            // logged model then carries the params and metrics too.
            const { modelId } = await logModelFile(tracker, runId, tx.stagedPath(modelPath)!, { scratchRoot: c.rootDir, flavor: { kind: 'clusterer', genre }, params: tracked });
            const model = modelId ? { modelId } : {};
            const scores: [string, number | null][] = [
              ['silhouette', metrics.silhouette],
              ['calinski_harabasz', metrics.calinskiHarabasz],
              ['davies_bouldin', metrics.daviesBouldin],
              ['predict_time_ms', predictTimeMs],
            ];
            await tracker.logBatch(runId, { params: tracked, metrics: scores.filter((e): e is [string, number] => e[1] !== null).map(([key, value]) => ({ key, value, ...model })) });
            return runId;
          });
        }
        await tx.write(metricsPath, `${JSON.stringify(metrics, null, 2)}\n`);
        results.push({ ...metrics, modelPath, metricsPath, experiment });
        options.onProgress?.({ phase: 'clustering', done: i + 1, total: c.genres.length, unit: 'genres' });
      }
    });
    options.onLog?.('info', `${c.genres.length} mixtures fitted; silhouette ${results.map((r) => `${r.genre} ${r.silhouette?.toFixed(2) ?? 'n/a'}`).join(', ')}`);
    return { scalerPath: c.scalerPath, genres: results };
  }
}

/**
 * Fits one mixture per component count of `range` (capped at the songs there are) and keeps
 * the one with the lowest BIC; the BIC of every count tried is returned for the report.
 */
async function chooseByBic(models: ModelKit, params: ClustererParams, range: readonly [number, number], X: FeatureRows): Promise<{ nComponents: number; mixture: Clusterer; bic: Record<string, number> }> {
  let best: { nComponents: number; mixture: Clusterer; value: number } | undefined;
  const bic: Record<string, number> = {};
  for (let k = range[0]; k <= Math.min(range[1], X.length); k++) {
    const mixture = models.clusterer.create({ ...params, nComponents: k });
    if (!mixture.bic) throw new PipelineError('ERR_NO_BIC', 'n_components_range needs a clusterer with bic(); the model kit in use has none', { badInput: true });
    await mixture.fit(X);
    const value = mixture.bic(X);
    bic[String(k)] = value;
    if (!best || value < best.value) best = { nComponents: k, mixture, value };
  }
  if (!best) throw new PipelineError('ERR_NO_BIC', `n_components_range [${range.join(', ')}] leaves no count for ${X.length} songs`, { badInput: true });
  return { nComponents: best.nComponents, mixture: best.mixture, bic };
}
