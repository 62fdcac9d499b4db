import { intParameter as int, numberParameter as num, type HyperParameters } from '../hyper-parameter.js';

/**
 * The hyper-parameters of {@link GradientBoostingClassifier}, declared once: the constructor
 * checks its options against these bounds, `params.yaml`'s `GradientBoostingClassifier` section
 * is validated from them and turned into the options, every one is logged to MLflow, and the
 * server's params form shows them. Upper bounds keep one bad value (`n_estimators: 1e9`) from
 * holding a training job for an hour.
 */
export const GRADIENT_BOOSTING_PARAMETERS = {
  learningRate: num({ yaml: 'learning_rate', option: 'learningRate', label: 'Learning rate', help: "Shrinks every tree's contribution.", default: 0.1, min: 0, minExclusive: true, max: 10, required: true }),
  maxDepth: int({ yaml: 'max_depth', option: 'maxDepth', label: 'Max depth', help: 'Depth of each tree (up to 2^depth leaves).', default: 3, min: 1, max: 64, required: true }),
  maxLeafNodes: int({ yaml: 'max_leaf_nodes', option: 'maxLeafNodes', label: 'Max leaves', help: 'Leaves per tree: 0 grows depth-wise to Max depth; above 0, best-first (the split that gains most next) up to this many leaves, as HistGradientBoosting does.', default: 0, min: 0, max: 4096 }),
  nEstimators: int({ yaml: 'n_estimators', option: 'nEstimators', label: 'Boosting rounds', help: 'Boosting rounds; each fits one tree per class.', default: 100, min: 1, max: 10_000, required: true }),
  // The original trained with random_state=42; a params.yaml without the key still does.
  randomState: int({ yaml: 'random_state', option: 'randomState', label: 'Seed', help: 'Seed for subsampling, the early-stopping split and bin edges.', default: 0, fileDefault: 42, min: 0, max: 2 ** 32 - 1 }),
  minSamplesLeaf: int({ yaml: 'min_samples_leaf', option: 'minSamplesLeaf', label: 'Rows per leaf', help: 'Minimum number of training rows in a leaf.', default: 1, min: 1, max: 1_000_000 }),
  subsample: num({ yaml: 'subsample', option: 'subsample', label: 'Subsample', help: 'Share of rows drawn for each round; below 1 is stochastic boosting.', default: 1, min: 0, minExclusive: true, max: 1 }),
  maxBins: int({ yaml: 'max_bins', option: 'maxBins', label: 'Bins per feature', help: 'Bins per feature, binned at quantiles once before boosting.', default: 255, min: 2, max: 255 }),
  l2Regularization: num({ yaml: 'l2_regularization', option: 'l2Regularization', label: 'L2 penalty', help: 'L2 penalty on leaf values.', default: 0, min: 0, max: 1e6 }),
  validationFraction: num({ yaml: 'validation_fraction', option: 'validationFraction', within: 'earlyStopping', label: 'Early-stopping share', help: 'Share of rows held out for early stopping (turns it on).', default: 0.1, min: 0, minExclusive: true, max: 1, maxExclusive: true }),
  nIterNoChange: int({ yaml: 'n_iter_no_change', option: 'nIterNoChange', within: 'earlyStopping', label: 'Early-stopping patience', help: 'Stop when the held-out loss has not improved in this many rounds (turns early stopping on).', default: 10, min: 1, max: 10_000 }),
} as const satisfies HyperParameters;
