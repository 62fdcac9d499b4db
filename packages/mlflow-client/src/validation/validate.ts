import { MlflowValidationError } from '../errors/mlflow-error.js';

/** MLflow's limits on keys and values (mlflow/utils/validation.py). */
export const LIMITS = {
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 8000,
  experimentNameLength: 500,
  aliasLength: 255,
} as const;

// Python's `[/\w.\- :]`: letters, digits and marks of any script, `_ / . - :` and space.
const KEY_CHARS = /^[\p{L}\p{N}\p{M}_/.\- :]*$/u;
const RUN_ID = /^[a-zA-Z0-9][\w-]{0,255}$/;

/**
 * Checks a metric, param or tag key: non-empty, ≤ 250 characters, only letters, digits, `_`,
 * `-`, `.`, `/`, `:` and spaces, and a normalised relative path (no `..` or `.` segment, no
 * leading, trailing or double `/`) because file stores keep keys as file names.
 * @throws {@link MlflowValidationError} naming `argument` and the rule.
 */
export function validateKey(argument: string, key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new MlflowValidationError(argument, 'key is a non-empty string', `got ${JSON.stringify(key)}`);
  }
  if (key.length > LIMITS.keyLength) {
    throw new MlflowValidationError(argument, `key ≤ ${LIMITS.keyLength} characters`, `${key.length} characters`);
  }
  if (!KEY_CHARS.test(key)) {
    throw new MlflowValidationError(
      argument,
      'key has only letters, digits, underscores, dashes, periods, slashes, colons and spaces',
      `bad character in ${JSON.stringify(key)}`,
    );
  }
  const segments = key.split('/');
  if (key.startsWith('/') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new MlflowValidationError(
      argument,
      'key is a normalised relative path (no "..", ".", leading, trailing or double "/")',
      JSON.stringify(key),
    );
  }
}

/** Checks a param value: a string of ≤ 6000 characters. */
export function validateParamValue(argument: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new MlflowValidationError(argument, 'param value is a string', `got ${typeof value}`);
  if (value.length > LIMITS.paramValueLength) {
    throw new MlflowValidationError(argument, `param value ≤ ${LIMITS.paramValueLength} characters`, `${value.length} characters`);
  }
}

/** Checks a tag value: a string of ≤ 8000 characters. */
export function validateTagValue(argument: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw new MlflowValidationError(argument, 'tag value is a string', `got ${typeof value}`);
  if (value.length > LIMITS.tagValueLength) {
    throw new MlflowValidationError(argument, `tag value ≤ ${LIMITS.tagValueLength} characters`, `${value.length} characters`);
  }
}

/** Checks a run id: starts with a letter or digit, then ≤ 255 word characters or dashes. */
export function validateRunId(argument: string, runId: unknown): asserts runId is string {
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) {
    throw new MlflowValidationError(argument, 'run id matches ^[a-zA-Z0-9][\\w-]{0,255}$', `got ${JSON.stringify(runId)}`);
  }
}

/** Checks an experiment name: non-empty, ≤ 500 characters. */
export function validateExperimentName(argument: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.trim().length === 0) {
    throw new MlflowValidationError(argument, 'experiment name is a non-empty string', `got ${JSON.stringify(name)}`);
  }
  if (name.length > LIMITS.experimentNameLength) {
    throw new MlflowValidationError(argument, `experiment name ≤ ${LIMITS.experimentNameLength} characters`, `${name.length} characters`);
  }
}

/** Checks a metric point: a number value (NaN and ±Infinity allowed, as in MLflow), a non-negative integer timestamp, an integer step. */
export function validateMetricPoint(argument: string, point: { key: unknown; value: unknown; timestamp: unknown; step: unknown }): void {
  validateKey(`${argument}.key`, point.key);
  if (typeof point.value !== 'number') {
    throw new MlflowValidationError(`${argument}.value`, 'metric value is a number', `got ${typeof point.value}`);
  }
  if (typeof point.timestamp !== 'number' || !Number.isSafeInteger(point.timestamp) || point.timestamp < 0) {
    throw new MlflowValidationError(`${argument}.timestamp`, 'timestamp is a non-negative integer (ms)', `got ${String(point.timestamp)}`);
  }
  if (typeof point.step !== 'number' || !Number.isSafeInteger(point.step)) {
    throw new MlflowValidationError(`${argument}.step`, 'step is an integer', `got ${String(point.step)}`);
  }
}

/** Checks a registered model name (non-empty, no `/` or `:`) or an alias (≤ 255 word characters or dashes, not `latest`/`vN`). */
export function validateName(argument: string, name: unknown, kind: 'model' | 'alias' = 'model'): asserts name is string {
  if (typeof name !== 'string' || name.trim().length === 0) {
    throw new MlflowValidationError(argument, `${kind} name is a non-empty string`, `got ${JSON.stringify(name)}`);
  }
  if (kind === 'model' && (/[/:]/.test(name) || name === '.' || name === '..')) {
    throw new MlflowValidationError(argument, 'model name has no "/" or ":" and is not "." or ".."', JSON.stringify(name));
  }
  if (kind === 'alias') {
    if (name.length > LIMITS.aliasLength) {
      throw new MlflowValidationError(argument, `alias ≤ ${LIMITS.aliasLength} characters`, `${name.length} characters`);
    }
    if (!/^[\w-]+$/.test(name) || /^(latest|v\d+)$/i.test(name)) {
      throw new MlflowValidationError(argument, 'alias has only letters, digits, _ and -, and is not "latest" or "v<N>"', JSON.stringify(name));
    }
  }
}
