import type { CallOptions } from '../api/experiments-api.js';
import { MlflowValidationError } from '../errors/mlflow-error.js';
import { validateKey } from '../validation/validate.js';
import type { Run } from '../wire/run.js';
import type { TrackingStore } from './tracking-store.js';

/** Options of {@link getBestRun}. */
export type GetBestRunOptions = CallOptions & {
  /** The metric to rank by, e.g. `accuracy` or `silhouette`. */
  readonly metric: string;
  /** `DESC` when larger is better (accuracy, silhouette), `ASC` when smaller is (Davies-Bouldin). @default 'DESC' */
  readonly order?: 'ASC' | 'DESC';
  /** Extra MLflow filter, ANDed, e.g. `params.covariance_type = 'spherical'`. */
  readonly filter?: string;
  /** Only runs that ended FINISHED (a failed run is never "best"); `false` to consider all. @default true */
  readonly finishedOnly?: boolean;
} & ({ readonly experimentId: string } | { readonly experimentName: string });

/**
 * The run with the best value of `metric` in an experiment, as the original's
 * `get_best_*_model` did with `search_runs(order_by=["metrics.accuracy DESC"])`: one search
 * ordered by the metric, first result. Runs without the metric (or with NaN) never win;
 * returns `undefined` when no run qualifies or the experiment does not exist.
 * @example
 * ```ts
 * const best = await getBestRun(store, { experimentName: 'music_clf', metric: 'accuracy' });
 * if (best) await store.downloadModel(`runs:/${best.info.runId}/model`, 'artifacts/best');
 * ```
 */
export async function getBestRun(store: TrackingStore, options: GetBestRunOptions): Promise<Run | undefined> {
  validateKey('metric', options.metric);
  const order = options.order ?? 'DESC';
  if (order !== 'ASC' && order !== 'DESC') throw new MlflowValidationError('order', "'ASC' or 'DESC'", JSON.stringify(order));
  const call = options.signal ? { signal: options.signal } : {};
  let experimentId: string;
  if ('experimentId' in options) {
    experimentId = options.experimentId;
  } else {
    const experiment = await store.getExperimentByName(options.experimentName, call);
    if (!experiment) return undefined;
    experimentId = experiment.experimentId;
  }
  const filters = [options.filter, options.finishedOnly === false ? undefined : "attributes.status = 'FINISHED'"].filter(
    (f): f is string => f !== undefined && f.trim() !== '',
  );
  const page = await store.searchRuns({
    experimentIds: [experimentId],
    orderBy: [`metrics.\`${options.metric}\` ${order}`],
    maxResults: 1,
    ...(filters.length > 0 ? { filter: filters.join(' and ') } : {}),
    ...call,
  });
  const best = page.items[0];
  const value = best?.data.metrics[options.metric];
  return value === undefined || Number.isNaN(value) ? undefined : best;
}
