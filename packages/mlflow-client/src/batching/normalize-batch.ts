import { MlflowValidationError } from '../errors/mlflow-error.js';
import { validateKey, validateMetricPoint, validateParamValue, validateTagValue } from '../validation/validate.js';
import type { Metric } from '../wire/run.js';
import type { BatchMetric, LogBatchInput } from './split-batch.js';

/** A validated batch in wire order. */
export interface NormalizedBatch {
  readonly metrics: BatchMetric[];
  readonly params: { key: string; value: string }[];
  readonly tags: { key: string; value: string }[];
}

/**
 * Validates a batch and fills in defaults (`timestamp` = `now()`, `step` = 0), before any
 * request or file write. Shared by the REST and the local store so both reject the same input.
 * @throws {@link MlflowValidationError} naming the entry (`metrics[3].key`) and the rule.
 */
export function normalizeBatch(input: LogBatchInput, now: () => number): NormalizedBatch {
  const timestamp = now();
  const metrics = (input.metrics ?? []).map((m, i): BatchMetric => {
    const point: Metric = { key: m.key, value: m.value, timestamp: m.timestamp ?? timestamp, step: m.step ?? 0 };
    validateMetricPoint(`metrics[${i}]`, point);
    if (m.modelId === undefined) return point;
    if (typeof m.modelId !== 'string' || !/^m-[0-9a-f]+$/.test(m.modelId)) throw new MlflowValidationError(`metrics[${i}].modelId`, 'a logged model id (m-<hex>)', JSON.stringify(m.modelId));
    return { ...point, model_id: m.modelId };
  });
  const params = Object.entries(input.params ?? {}).map(([key, raw]) => {
    const value = typeof raw === 'string' ? raw : String(raw);
    if (typeof raw === 'number' && !Number.isFinite(raw)) {
      throw new MlflowValidationError(`params.${key}`, 'param value is a string or a finite number', `got ${raw}`);
    }
    validateKey(`params.${key}`, key);
    validateParamValue(`params.${key}`, value);
    return { key, value };
  });
  const tags = Object.entries(input.tags ?? {}).map(([key, value]) => {
    validateKey(`tags.${key}`, key);
    validateTagValue(`tags.${key}`, value);
    return { key, value };
  });
  return { metrics, params, tags };
}
