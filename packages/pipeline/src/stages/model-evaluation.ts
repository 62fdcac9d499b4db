import { GRADIENT_BOOSTING_PARAMETERS, trackedParamsOf } from '@msr/core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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
      metrics.runId = await trackRun(tracker, c.experimentName, { runName: `gbc-${artifact.trainedAt}`, tags: { ...options.trackingTags, [DATA_DIGEST_TAG]: artifact.dataSha256 } }, async (runId) => {
        // Every declared hyper-parameter, under its params.yaml key (issue 13: only 4 of 10 were logged).
        const params = { ...trackedParamsOf(GRADIENT_BOOSTING_PARAMETERS, c.params), train_size: String(artifact.trainSize) };
        // The model first: on MLflow 3.x it is a logged model, and it carries the params and metrics too.
        const { modelId } = await logModelFile(tracker, runId, c.modelPath, { scratchRoot: c.rootDir, flavor: { kind: 'classifier' }, params });
        const slug = (genre: string): string => genre.replace(/[^\w.-]/g, '_');
        const model = modelId ? { modelId } : {};
        await tracker.logBatch(runId, {
          params,
          metrics: [
            { key: 'accuracy', value: metrics.accuracy, ...model },
            { key: 'predict_time_ms', value: predictTimeMs, ...model },
            ...artifact.classes.flatMap((genre, i) => [
              { key: `f1_${slug(genre)}`, value: scores[i]!.f1, ...model },
              { key: `precision_${slug(genre)}`, value: scores[i]!.precision, ...model },
              { key: `recall_${slug(genre)}`, value: scores[i]!.recall, ...model },
            ]),
            // The learning curve: the training loss after each boosting round, one step per round.
            ...(artifact.trainLoss ?? []).map((value, i) => ({ key: 'train_loss', value, step: i + 1 })),
          ],
        });
        await logReportArtifacts(tracker, runId, c.rootDir, metrics);
        return runId;
      });
      options.onLog?.('info', `logged run ${metrics.runId} in ${c.experimentName} (${tracker.location})`);
    }
    await writeFileAtomic(c.metricsPath, `${JSON.stringify(metrics, null, 2)}\n`);
    options.onLog?.('info', `accuracy ${(metrics.accuracy * 100).toFixed(1)}% on ${X.length} test songs; predict ${predictTimeMs.toFixed(1)} ms`);
    return { ...metrics, metricsPath: c.metricsPath };
  }
}

/**
 * Logs the confusion matrix (`confusion_matrix.csv`: true genres down, predicted across) and the
 * per-genre report (`classification_report.json`) as artifacts of the run.
 */
async function logReportArtifacts(tracker: Tracker, runId: string, scratchRoot: string, metrics: ClassifierMetrics): Promise<void> {
  const dir = await mkdtemp(join(scratchRoot, '.evaluation-'));
  try {
    const quote = (cell: string): string => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
    const rows = [['true \\ predicted', ...metrics.classes], ...metrics.confusionMatrix.map((row, i) => [metrics.classes[i]!, ...row.map(String)])];
    await writeFile(join(dir, 'confusion_matrix.csv'), `${rows.map((r) => r.map(quote).join(',')).join('\n')}\n`);
    await writeFile(join(dir, 'classification_report.json'), `${JSON.stringify({ accuracy: metrics.accuracy, testSize: metrics.testSize, classes: metrics.report }, null, 2)}\n`);
    await tracker.logArtifacts(runId, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
