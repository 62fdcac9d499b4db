import { z } from 'zod';
import { ERROR_CODES } from '../errors/error-codes.js';
import { InvalidArgumentError } from '../errors/msr-error.js';
import type { ChoiceHyperParameter, HyperParameter, HyperParameters, NumericHyperParameter } from '../models/hyper-parameter.js';

// Everything about a params.yaml section is derived here from a model's declarations, so adding a
// hyper-parameter to a model's `*-params.ts` (and using it in the model) is all it takes.

const MUST_BE_A_NUMBER = 'must be a number';
const MUST_BE_AN_INTEGER = 'must be an integer';

/** The value type of one declared hyper-parameter in `params.yaml`: its choices, a number, or one number per genre. */
export type ParamsValueOf<P> = P extends { perGenre: object } ? number[] : P extends { kind: 'choice'; choices: readonly (infer C)[] } ? C : number;

/** The `params.yaml` key of one declared hyper-parameter, as a literal type. */
export type YamlKeyOf<P> = P extends { yaml: infer Y extends string } ? Y : never;

/** The values of one `params.yaml` section, typed from a model's declarations (snake_case keys). */
export type ParamsSection<S extends HyperParameters> = { -readonly [K in keyof S as S[K] extends { required: true } ? YamlKeyOf<S[K]> : never]: ParamsValueOf<S[K]> } & {
  -readonly [K in keyof S as S[K] extends { required: true } ? never : YamlKeyOf<S[K]>]?: ParamsValueOf<S[K]>;
} & { -readonly [K in keyof S as S[K] extends { perGenre: object } ? `default_${YamlKeyOf<S[K]>}` : never]?: number } & {
  -readonly [K in keyof S as S[K] extends { perGenre: { range: true } } ? `${YamlKeyOf<S[K]>}_range` : never]?: [number, number];
};

/** The zod check of one numeric hyper-parameter: exactly its declared bounds, in words. */
function numberSchema(p: NumericHyperParameter): z.ZodNumber {
  let schema = z.number({ error: MUST_BE_A_NUMBER });
  if (p.kind === 'int') schema = schema.int(MUST_BE_AN_INTEGER);
  schema = p.minExclusive ? schema.gt(p.min, `must be greater than ${p.min}`) : schema.min(p.min, p.min === 0 ? 'must not be negative' : `must be at least ${p.min}`);
  if (p.max !== undefined) schema = p.maxExclusive ? schema.lt(p.max, `must be less than ${p.max}`) : schema.max(p.max, `must be at most ${p.max}`);
  return schema;
}

function choiceSchema(p: ChoiceHyperParameter): z.ZodType<string> {
  return z.enum(p.choices as readonly [string, ...string[]], {
    error: (issue) => `unknown ${p.yaml.replaceAll('_', ' ')} ${JSON.stringify(issue.input)}; expected one of ${p.choices.join(', ')}`,
  });
}

/**
 * The zod schema of one `params.yaml` section, from a model's declarations: every declared key
 * with exactly the model's bounds, required as the declaration says, no other key. A per-genre
 * parameter (`n_components`) takes a list, `default_<key>` and, with `range`, `<key>_range`.
 */
export function paramsSectionSchema<S extends HyperParameters>(parameters: S): z.ZodObject<Record<string, z.ZodType>, z.core.$strict> & z.ZodType<ParamsSection<S>> {
  const shape: Record<string, z.ZodType> = {};
  for (const p of Object.values(parameters)) {
    if (p.kind !== 'choice' && p.perGenre) {
      const one = numberSchema(p);
      /** One value per genre, in the order of the genre list (config.yaml's, `--genres`, or the data's sorted genres). */
      shape[p.yaml] = z.array(one).min(1, 'must list one component count per genre').optional();
      shape[`default_${p.yaml}`] = one.optional();
      if (p.perGenre.range) {
        shape[`${p.yaml}_range`] = z
          .tuple([one, one])
          .refine(([lo, hi]) => lo <= hi, 'must be [min, max] with min ≤ max')
          .optional();
      }
      continue;
    }
    const schema = p.kind === 'choice' ? choiceSchema(p) : numberSchema(p);
    shape[p.yaml] = p.required ? schema : schema.optional();
  }
  return z.strictObject(shape) as z.ZodObject<Record<string, z.ZodType>, z.core.$strict> & z.ZodType<ParamsSection<S>>;
}

/** What a key of a `params.yaml` section is, for forms and messages. */
export interface ParamsKey {
  parameter: HyperParameter;
  /** `value`: the parameter itself; `per-genre`: its list; `default`: `default_<key>`; `range`: `<key>_range`. */
  form: 'value' | 'per-genre' | 'default' | 'range';
  /** The key's label for people: the parameter's, or "Clusters per genre", "Clusters (every genre)", "Clusters range". */
  label: string;
}

/** The declaration behind `key` of a section (`n_components_range` → `nComponents`, as a range). */
export function paramsKeyOf(parameters: HyperParameters, key: string): ParamsKey | undefined {
  for (const p of Object.values(parameters)) {
    const perGenre = p.kind !== 'choice' && p.perGenre;
    if (key === p.yaml) return perGenre ? { parameter: p, form: 'per-genre', label: `${p.label} per genre` } : { parameter: p, form: 'value', label: p.label };
    if (perGenre && key === `default_${p.yaml}`) return { parameter: p, form: 'default', label: `${p.label} (every genre)` };
    if (perGenre && perGenre.range && key === `${p.yaml}_range`) return { parameter: p, form: 'range', label: `${p.label} range (chosen by BIC)` };
  }
  return undefined;
}

/**
 * A validation message of a section key as a person reads it, beside the field: "Max depth
 * must be a whole number", "Clusters per genre: entry 3 must be at most 1000". `entry` is the
 * index inside a list value.
 */
export function personMessage(key: ParamsKey, message: string, entry?: number): string {
  const said = key.parameter.kind === 'int' && (message === MUST_BE_AN_INTEGER || message === MUST_BE_A_NUMBER) ? 'must be a whole number' : message;
  return entry === undefined ? `${key.label} ${said}` : `${key.label}: entry ${entry + 1} ${said}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function setOption(out: Record<string, unknown>, p: HyperParameter, value: unknown): void {
  if (p.within === undefined) {
    out[p.option] = value;
    return;
  }
  const inner = isObject(out[p.within]) ? (out[p.within] as Record<string, unknown>) : (out[p.within] = {});
  inner[p.option] = value;
}

/** The value a section gives `p` (a per-genre parameter: genre `genreIndex`'s), or undefined. */
function valueOf(p: HyperParameter, section: Readonly<Record<string, unknown>>, genreIndex: number): unknown {
  if (p.kind !== 'choice' && p.perGenre) {
    const list = section[p.yaml] as readonly number[] | undefined;
    if (!list) return section[`default_${p.yaml}`] ?? p.perGenre.default;
    const value = list[genreIndex];
    if (value === undefined) {
      throw new InvalidArgumentError('genreIndex', `is ${genreIndex}, but ${p.yaml} lists ${list.length} genre(s)`, ERROR_CODES.outOfRange);
    }
    return value;
  }
  return section[p.yaml] ?? (p.kind === 'choice' ? undefined : p.fileDefault);
}

/**
 * A `params.yaml` section as the model's options (genre number `genreIndex`'s, for per-genre
 * parameters): keys left out keep the model's defaults (or the declared `fileDefault`); an
 * option that sits `within` an object (early stopping) creates it, which turns it on.
 */
export function modelOptionsOf<O>(parameters: HyperParameters, section: Readonly<Record<string, unknown>>, genreIndex = 0): O {
  const out: Record<string, unknown> = {};
  for (const p of Object.values(parameters)) {
    const value = valueOf(p, section, genreIndex);
    if (value !== undefined) setOption(out, p, value);
  }
  return out as O;
}

/**
 * A section as the options of every genre at once: per-genre parameters become one value per
 * genre (`nComponents: [3, 3, 3]`) and, when the section gives a range instead of a list,
 * `<option>Range: [min, max]`. The rest as {@link modelOptionsOf}.
 */
export function perGenreOptionsOf<O>(parameters: HyperParameters, section: Readonly<Record<string, unknown>>, genreCount: number): O {
  const out: Record<string, unknown> = {};
  for (const p of Object.values(parameters)) {
    if (p.kind !== 'choice' && p.perGenre) {
      const list = section[p.yaml] as readonly number[] | undefined;
      setOption(out, p, list ? [...list] : Array.from({ length: genreCount }, () => valueOf(p, section, 0)));
      const range = section[`${p.yaml}_range`] as readonly [number, number] | undefined;
      if (!list && range) out[`${p.option}Range`] = [...range];
      continue;
    }
    const value = valueOf(p, section, 0);
    if (value !== undefined) setOption(out, p, value);
  }
  return out as O;
}

/**
 * Every declared hyper-parameter of a model's options as MLflow params, under its `params.yaml`
 * key: the value given, else the model's default; an option `within` an object that is off
 * (early stopping not asked for) is `"off"`.
 */
export function trackedParamsOf(parameters: HyperParameters, options: object): Record<string, string> {
  const out: Record<string, string> = {};
  const given = options as Record<string, unknown>;
  for (const p of Object.values(parameters)) {
    let value: unknown;
    if (p.within === undefined) value = given[p.option];
    else {
      const parent = given[p.within];
      if (parent === undefined || parent === false) {
        out[p.yaml] = 'off';
        continue;
      }
      value = isObject(parent) ? parent[p.option] : undefined;
    }
    out[p.yaml] = String(value ?? p.default);
  }
  return out;
}
