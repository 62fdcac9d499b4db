import { assertChoiceOption, assertIntegerOption, assertNumberOption } from '../errors/assert-option.js';

/** What every hyper-parameter declares: its `params.yaml` key, its option name, and words for people. */
interface HyperParameterBase {
  /** The key in `params.yaml` (scikit-learn's spelling): `n_estimators`. */
  yaml: string;
  /** The model option it sets: `nEstimators`. */
  option: string;
  /**
   * The option object it sits in, when it is not a top-level option: `validationFraction` is
   * `earlyStopping.validationFraction`. @default top level
   */
  within?: string;
  /** A short label for forms and messages: "Max depth". */
  label: string;
  /** One sentence of help. */
  help: string;
  /** The original `params.yaml` keys must be present; msr's extensions may be left out. @default false */
  required?: boolean;
}

/** A numeric hyper-parameter and its bounds (the model refuses anything outside them). */
export interface NumericHyperParameter extends HyperParameterBase {
  kind: 'int' | 'number';
  /** The model's default. */
  default: number;
  /**
   * What a `params.yaml` without the key stands for, when that is not the model's default
   * (the original trained with `random_state=42`). @default `default`
   */
  fileDefault?: number;
  min: number;
  /** @default unbounded */
  max?: number;
  /** `min` itself is refused. @default false */
  minExclusive?: boolean;
  /** `max` itself is refused. @default false */
  maxExclusive?: boolean;
  /**
   * One value per genre in `params.yaml`: `<yaml>: [3, 4, …]` (in genre order), or
   * `default_<yaml>` for every genre, or — with `range` — `<yaml>_range: [min, max]`, chosen per
   * genre by BIC. `default` is what a file with none of them gives every genre.
   * @default one value for all
   */
  perGenre?: { default: number; range?: boolean };
}

/** A hyper-parameter chosen from a list. */
export interface ChoiceHyperParameter extends HyperParameterBase {
  kind: 'choice';
  default: string;
  choices: readonly string[];
}

/**
 * One hyper-parameter of a model, declared once beside the model: the model checks its options
 * with it ({@link checkHyperParameter}), `params.yaml` is validated from it (`paramsFileSchema`)
 * and turned into the model's options (`modelOptionsOf`), every one reaches MLflow
 * (`trackedParamsOf`), and the server's params form takes its label, bounds and help from it.
 */
export type HyperParameter = NumericHyperParameter | ChoiceHyperParameter;

/** The hyper-parameters of one model, by option name. */
export type HyperParameters = Readonly<Record<string, HyperParameter>>;

/** Declares an integer hyper-parameter, keeping its literal keys for the derived types. */
export const intParameter = <const P extends Omit<NumericHyperParameter, 'kind'>>(p: P): P & { kind: 'int' } => ({ kind: 'int', ...p });
/** Declares a real-valued hyper-parameter, keeping its literal keys for the derived types. */
export const numberParameter = <const P extends Omit<NumericHyperParameter, 'kind'>>(p: P): P & { kind: 'number' } => ({ kind: 'number', ...p });
/** Declares a hyper-parameter chosen from a list, keeping its literal keys for the derived types. */
export const choiceParameter = <const P extends Omit<ChoiceHyperParameter, 'kind'>>(p: P): P & { kind: 'choice' } => ({ kind: 'choice', ...p });

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
