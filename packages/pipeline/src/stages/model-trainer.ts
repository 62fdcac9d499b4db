import type { ModelTrainerConfig } from '../config/stage-configs.js';
import { DatasetError } from '../errors/dataset-error.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { labelsFileSchema, type ClassifierArtifact } from '../models/artifacts.js';
import type { ModelKit } from '../models/model-kit.js';
import { readFeatureRows, readLabels } from '../songs/feature-matrix.js';
import { readJsonFile } from '../util/read-json.js';
import type { StageRunOptions } from './stage-run-options.js';

/** What {@link ModelTrainer} needs from outside. */
export interface ModelTrainerDeps {
  /** The models. */
  models: ModelKit;
  /** The clock. @default Date.now */
  clock?: () => number;
}

/** What {@link ModelTrainer.run} did. */
export interface ModelTrainerResult {
  modelPath: string;
  trainSize: number;
  classes: string[];
  /** Wall time of `fit`, ms. */
  fitTimeMs: number;
}

/**
 * Stage 4: trains the genre classifier (gradient boosting with `params.yaml`'s
 * `GradientBoostingClassifier` section, as the model's own options) on `X_train`/`y_train` and writes
 * it, with its classes, params and the data digest, atomically to `model_name`. Reports each
 * boosting round as progress (`phase: 'training'`).
 */
export class ModelTrainer {
  readonly #config: ModelTrainerConfig;
  readonly #deps: Required<ModelTrainerDeps>;

  constructor(config: ModelTrainerConfig, deps: ModelTrainerDeps) {
    this.#config = config;
    this.#deps = { clock: Date.now, ...deps };
  }

  /** Trains and writes the classifier. */
  async run(options: StageRunOptions = {}): Promise<ModelTrainerResult> {
    const c = this.#config;
    const [X, y, labels] = await Promise.all([readFeatureRows(c.xTrainPath), readLabels(c.yTrainPath), readJsonFile(c.labelsPath, labelsFileSchema)]);
    if (X.length !== y.length) throw new DatasetError(c.yTrainPath, `has ${y.length} labels for ${X.length} rows in ${c.xTrainPath}`);
    const classifier = this.#deps.models.classifier.create(c.params);
    const started = this.#deps.clock();
    const trainLoss: number[] = [];
    await classifier.fit(X, y, {
      ...(options.signal ? { signal: options.signal } : {}),
      onIteration: ({ iteration, trainLoss: loss }) => {
        if (loss !== undefined) trainLoss[iteration - 1] = loss;
        options.onProgress?.({ phase: 'training', done: iteration, total: c.params.nEstimators, unit: 'rounds' });
      },
    });
    const fitTimeMs = this.#deps.clock() - started;
    const artifact: ClassifierArtifact = {
      format: 'msr.classifier-artifact',
      version: 1,
      classes: labels.classes,
      params: { ...c.params },
      trainSize: X.length,
      trainedAt: this.#deps.clock(),
      dataSha256: labels.dataSha256,
      // The learning curve, logged by the evaluation as the `train_loss` metric, one step per round.
      ...(trainLoss.length > 0 && Array.from(trainLoss).every((l) => typeof l === 'number') ? { trainLoss } : {}),
      model: classifier.toJSON(),
    };
    await writeFileAtomic(c.modelPath, JSON.stringify(artifact));
    options.onLog?.('info', `classifier trained on ${X.length} songs in ${(fitTimeMs / 1000).toFixed(1)} s`);
    return { modelPath: c.modelPath, trainSize: X.length, classes: labels.classes, fitTimeMs };
  }
}
