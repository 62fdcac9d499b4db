import { writeFileAtomic } from '../fs/atomic-write.js';
import type { ModelEvaluationConfig } from '../config/stage-configs.js';
import { DatasetError } from '../errors/dataset-error.js';
import { classifierArtifactSchema, labelsFileSchema, type ClassifierMetrics } from '../models/artifacts.js';
import type { ModelKit } from '../models/model-kit.js';
import { readFeatureRows, readLabels } from '../songs/feature-matrix.js';
import { logModelFile } from '../tracking/log-model-file.js';
import { DATA_DIGEST_TAG, trackRun, type Tracker } from '../tracking/tracker.js';
import { readJsonFile } from '../util/read-json.js';
import type { StageRunOptions } from './stage-run-options.js';

/** What {@link ModelEvaluation} needs from outside. */
export interface ModelEvaluationDeps {
  models: ModelKit;
  /** Where runs are logged; none means the metrics file only. */
  tracker?: Tracker;
  /** A monotonic clock for the prediction time. @default performance.now */
  now?: () => number;
}

/** What {@link ModelEvaluation.run} found. */
export type ModelEvaluationResult = ClassifierMetrics & { metricsPath: string };

/**
 * Stage 5: evaluates the trained classifier on the test set — accuracy, per-genre precision /
 * recall / F1, confusion matrix, prediction time — writes `metric_file_name`, and logs a run in
 * the `music_clf` experiment (params, metrics, the model, the data digest as a tag) so the best
 * run can be selected later.
 */
export class ModelEvaluation {
  readonly #config: ModelEvaluationConfig;
  readonly #deps: ModelEvaluationDeps;

  constructor(config: ModelEvaluationConfig, deps: ModelEvaluationDeps) {
    this.#config = config;
    this.#deps = deps;
  }

  /** Evaluates, writes the metrics and tracks the run. */
  async run(options: StageRunOptions = {}): Promise<ModelEvaluationResult> {
    const c = this.#config;
    const now = this.#deps.now ?? (() => performance.now());
    const [artifact, labels, X, y] = await Promise.all([readJsonFile(c.modelPath, classifierArtifactSchema), readJsonFile(c.labelsPath, labelsFileSchema), readFeatureRows(c.xTestPath), readLabels(c.yTestPath)]);
    if (X.length !== y.length) throw new DatasetError(c.yTestPath, `has ${y.length} labels for ${X.length} rows in ${c.xTestPath}`);
    if (artifact.dataSha256 !== labels.dataSha256) throw new DatasetError(c.modelPath, 'was trained on another songs base than the current test set; train it again');
    const classifier = this.#deps.models.classifier.fromJSON(artifact.model);
    const started = now();
    const predicted = classifier.predict(X);
    const predictTimeMs = now() - started;
    const m = this.#deps.models.metrics;
    const k = artifact.classes.length;
    const scores = m.classificationReport(y, predicted, k);
    const metrics: ClassifierMetrics = {
      accuracy: m.accuracy(y, predicted),
      predictTimeMs,
      testSize: X.length,
      classes: artifact.classes,
      report: Object.fromEntries(artifact.classes.map((genre, i) => [genre, scores[i]!])),
      confusionMatrix: m.confusionMatrix(y, predicted, k),
      runId: null,
    };
    const tracker = this.#deps.tracker;
    if (tracker) {
      metrics.runId = await trackRun(tracker, c.experimentName, { runName: `gbc-${artifact.trainedAt}`, tags: { ...options.trackingTags, [DATA_DIGEST_TAG]: artifact.dataSha256, 'msr.stage': 'model_evaluation' } }, async (runId) => {
        await tracker.logBatch(runId, {
          params: { learning_rate: c.params.learningRate, max_depth: c.params.maxDepth, n_estimators: c.params.nEstimators, random_state: c.params.randomState, train_size: artifact.trainSize },
          metrics: [
            { key: 'accuracy', value: metrics.accuracy },
            { key: 'predict_time_ms', value: predictTimeMs },
            ...artifact.classes.map((genre, i) => ({ key: `f1_${genre.replace(/[^\w.-]/g, '_')}`, value: scores[i]!.f1 })),
          ],
        });
        await logModelFile(tracker, runId, c.modelPath, { scratchRoot: c.rootDir, flavor: { kind: 'classifier' } });
        return runId;
      });
      options.onLog?.('info', `logged run ${metrics.runId} in ${c.experimentName} (${tracker.location})`);
    }
    await writeFileAtomic(c.metricsPath, `${JSON.stringify(metrics, null, 2)}\n`);
    options.onLog?.('info', `accuracy ${(metrics.accuracy * 100).toFixed(1)}% on ${X.length} test songs; predict ${predictTimeMs.toFixed(1)} ms`);
    return { ...metrics, metricsPath: c.metricsPath };
  }
}
