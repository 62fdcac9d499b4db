import { assertChoiceOption, assertIntegerOption, assertNumberOption } from '../errors/assert-option.js';

/** What every hyper-parameter declares: its `params.yaml` key, its option name, and words for people. */
interface HyperParameterBase {
  /** The key in `params.yaml` (scikit-learn's spelling): `n_estimators`. */
  yaml: string;
  /** The model option it sets: `nEstimators`. */
  option: string;
  /** A short label for forms. */
  label: string;
  /** One sentence of help. */
  help: string;
  /** The original `params.yaml` keys must be present; msr's extensions may be left out. @default false */
  required?: boolean;
}

/** A numeric hyper-parameter and its bounds (the model refuses anything outside them). */
export interface NumericHyperParameter extends HyperParameterBase {
  kind: 'int' | 'number';
  default: number;
  min: number;
  /** @default unbounded */
  max?: number;
  /** `min` itself is refused. @default false */
  minExclusive?: boolean;
  /** `max` itself is refused. @default false */
  maxExclusive?: boolean;
}

/** A hyper-parameter chosen from a list. */
export interface ChoiceHyperParameter extends HyperParameterBase {
  kind: 'choice';
  default: string;
  choices: readonly string[];
}

/**
 * One hyper-parameter of a model, declared once beside the model: the model checks its options
 * with it ({@link checkHyperParameter}), `params.yaml` is validated from it (`paramsFileSchema`),
 * and the server's params form takes its labels, bounds and help from it.
 */
export type HyperParameter = NumericHyperParameter | ChoiceHyperParameter;

/** The hyper-parameters of one model, by option name. */
export type HyperParameters = Readonly<Record<string, HyperParameter>>;

/**
 * Checks one option value against its declaration and returns it; throws the model's usual
 * `InvalidArgumentError` (`ERR_OUT_OF_RANGE`, `ERR_INVALID_ARGUMENT`) naming `argument`.
 */
export function checkHyperParameter<T extends number | string>(parameter: HyperParameter, value: unknown, argument: string): T {
  if (parameter.kind === 'choice') return assertChoiceOption(value, argument, parameter.choices) as T;
  if (parameter.kind === 'int') return assertIntegerOption(value, argument, parameter.min, parameter.max) as T;
  const bounds: Parameters<typeof assertNumberOption>[2] = { min: parameter.min };
  if (parameter.max !== undefined) bounds.max = parameter.max;
  if (parameter.minExclusive) bounds.minExclusive = true;
  if (parameter.maxExclusive) bounds.maxExclusive = true;
  return assertNumberOption(value, argument, bounds) as T;
}
