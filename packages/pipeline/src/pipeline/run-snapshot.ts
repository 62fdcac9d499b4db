import type { ConfigurationManager } from '../config/configuration-manager.js';
import { paramChanges } from '../dag/plan.js';
import { classifierMetricsSchema, clusteringMetricsSchema } from '../models/artifacts.js';
import { readJsonFile } from '../util/read-json.js';
import { z } from 'zod';
import { clusteringStage } from '../stages/clustering-stage.js';
import { modelAssemblyStage } from '../stages/model-assembly-stage.js';
import { modelEvaluationStage } from '../stages/model-evaluation-stage.js';

/** What a run was trained with and what it scored, as recorded in the run history. */
export interface RunSnapshot {
  /** `params.yaml` as it was (original keys). */
  params: Record<string, unknown>;
  /**
   * The metrics files, flattened: `accuracy`, `predict_time_ms`, `f1.<genre>` from
   * `metrics/metrics.json`; `silhouette.<genre>`, `calinski_harabasz.<genre>`,
   * `davies_bouldin.<genre>` from the clustering metrics. Missing files are left out.
   */
  metrics: Record<string, number>;
}

async function optional<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MISSING_INPUT') return undefined;
    throw error;
  }
}

/** The workspace's params and metrics now (`msr params diff` / `msr metrics diff` compare against it). */
export async function runSnapshot(manager: ConfigurationManager): Promise<RunSnapshot> {
  const metrics: Record<string, number> = {};
  const classifier = await optional(readJsonFile(manager.config(modelEvaluationStage).metricsPath, classifierMetricsSchema));
  if (classifier) {
    metrics.accuracy = classifier.accuracy;
    metrics.predict_time_ms = classifier.predictTimeMs;
    for (const [genre, r] of Object.entries(classifier.report)) if (classifier.classes.includes(genre)) metrics[`f1.${genre}`] = r.f1;
  }
  const clustering = manager.config(clusteringStage);
  for (let i = 0; i < clustering.genres.length; i++) {
    const m = await optional(readJsonFile(`${clustering.metricsPathPrefix}${i}.json`, clusteringMetricsSchema));
    if (!m) continue;
    if (m.silhouette !== null) metrics[`silhouette.${m.genre}`] = m.silhouette;
    if (m.calinskiHarabasz !== null) metrics[`calinski_harabasz.${m.genre}`] = m.calinskiHarabasz;
    if (m.daviesBouldin !== null) metrics[`davies_bouldin.${m.genre}`] = m.daviesBouldin;
  }
  return { params: structuredClone(manager.raw.params) as Record<string, unknown>, metrics };
}

const championSchema = z.object({
  training: z.object({ metrics: z.object({ accuracy: z.number().optional(), silhouette: z.record(z.string(), z.number().nullable()).optional() }).passthrough() }).passthrough(),
});

/**
 * The metrics of the champion — the bundle being served (`models_best/recommender.json`), whose
 * parts model assembly picked as the best tracked runs: `accuracy` and `silhouette.<genre>`.
 */
export async function championMetrics(manager: ConfigurationManager): Promise<Record<string, number>> {
  const bundle = await readJsonFile(manager.config(modelAssemblyStage).bundlePath, championSchema);
  const metrics: Record<string, number> = {};
  if (bundle.training.metrics.accuracy !== undefined) metrics.accuracy = bundle.training.metrics.accuracy;
  for (const [genre, s] of Object.entries(bundle.training.metrics.silhouette ?? {})) if (s !== null) metrics[`silhouette.${genre}`] = s;
  return metrics;
}

/** One changed param leaf. */
export interface ParamChange {
  key: string;
  before: unknown;
  after: unknown;
}

/** The param leaves that differ, like `dvc params diff`. */
export function diffParams(before: Record<string, unknown>, after: Record<string, unknown>): ParamChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: ParamChange[] = [];
  const get = (root: Record<string, unknown>, path: string[]): unknown => path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root);
  for (const key of keys) {
    for (const line of paramChanges(key, before[key], after[key])) {
      const path = line.slice(0, line.indexOf(' ')).split('.');
      changes.push({ key: path.join('.'), before: get(before, path), after: get(after, path) });
    }
  }
  return changes;
}

/** One metric in a diff. */
export interface MetricChange {
  key: string;
  before: number | null;
  after: number | null;
  /** `after − before`, when both exist. */
  change: number | null;
}

/** Every metric of either side with its change, like `dvc metrics diff --all`; `all: false` keeps the changed ones. */
export function diffMetrics(before: Record<string, number>, after: Record<string, number>, options: { all?: boolean } = {}): MetricChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .map((key) => {
      const b = before[key] ?? null;
      const a = after[key] ?? null;
      return { key, before: b, after: a, change: a !== null && b !== null ? a - b : null };
    })
    .filter((m) => options.all || m.change !== 0);
}
