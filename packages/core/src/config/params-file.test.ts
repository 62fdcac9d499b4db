import { describe, expect, it } from 'vitest';
import { GaussianMixture } from '../models/gaussian-mixture/gaussian-mixture.js';
import { GAUSSIAN_MIXTURE_PARAMETERS } from '../models/gaussian-mixture/gaussian-mixture-params.js';
import { GradientBoostingClassifier } from '../models/gradient-boosting/gradient-boosting-classifier.js';
import { GRADIENT_BOOSTING_PARAMETERS } from '../models/gradient-boosting/gradient-boosting-params.js';
import type { HyperParameters, NumericHyperParameter } from '../models/hyper-parameter.js';
import { gaussianMixtureOptionsOf, gradientBoostingOptionsOf, PARAMS_FILE_SECTIONS, paramsFileSchema, type ParamsFile } from './params-file.js';

const valid: ParamsFile = {
  GradientBoostingClassifier: { learning_rate: 0.1, max_depth: 3, n_estimators: 20, random_state: 1 },
  GaussianMixture: { covariance_type: 'spherical', n_components: [3, 3], random_state: 42 },
};

/** params.yaml with one key of `section` set to `value` (n_components: as its first entry). */
function withValue(section: keyof ParamsFile, yaml: string, value: unknown): unknown {
  const copy = structuredClone(valid) as Record<string, Record<string, unknown>>;
  copy[section]![yaml] = yaml === 'n_components' ? [value, 3] : value;
  return copy;
}

/** What the model's own check says about `value` for option `option`. */
function modelAccepts(section: keyof ParamsFile, option: string, value: unknown): boolean {
  try {
    if (section === 'GaussianMixture') new GaussianMixture({ [option]: value });
    else if (option === 'validationFraction' || option === 'nIterNoChange') new GradientBoostingClassifier({ earlyStopping: { [option]: value } });
    else new GradientBoostingClassifier({ [option]: value });
    return true;
  } catch {
    return false;
  }
}

const numeric: [keyof ParamsFile, NumericHyperParameter][] = [
  ...Object.values(GRADIENT_BOOSTING_PARAMETERS).map((p) => ['GradientBoostingClassifier', p] as [keyof ParamsFile, NumericHyperParameter]),
  ...Object.values(GAUSSIAN_MIXTURE_PARAMETERS as HyperParameters)
    .filter((p): p is NumericHyperParameter => p.kind !== 'choice')
    .map((p) => ['GaussianMixture', p] as [keyof ParamsFile, NumericHyperParameter]),
];

describe('params.yaml bounds are the models\' own (issue 16, item 7)', () => {
  it.each(numeric.map(([section, p]) => [`${section}.${p.yaml}`, section, p] as const))('%s: the file and the model agree at and beyond every bound', (_name, section, p) => {
    const probes: unknown[] = [p.min, p.min - 1, p.min + (p.kind === 'int' ? 1 : 1e-9), p.default, 2 ** 53, 1e9, Number.NaN, p.kind === 'int' ? p.min + 0.5 : undefined];
    if (p.max !== undefined) probes.push(p.max, p.max + 1, p.max - (p.kind === 'int' ? 1 : 1e-9));
    for (const value of probes) {
      if (value === undefined) continue;
      const file = paramsFileSchema.safeParse(withValue(section, p.yaml, value)).success;
      expect(file, `${p.yaml} = ${String(value)}: file ${file}, model ${!file}`).toBe(modelAccepts(section, p.option, value));
    }
  });

  it('requires exactly the keys the models declare required', () => {
    for (const [section, parameters] of Object.entries(PARAMS_FILE_SECTIONS)) {
      const shape = paramsFileSchema.shape[section as keyof ParamsFile].shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
      for (const p of Object.values(parameters)) expect(shape[p.yaml]!.safeParse(undefined).success, `${section}.${p.yaml}`).toBe(!p.required);
    }
  });

  it('refuses the values that held the only job slot for an hour, naming the key and the bound', () => {
    const cases: [keyof ParamsFile, string, number, string][] = [
      ['GradientBoostingClassifier', 'n_estimators', 1e9, 'must be at most 10000'],
      ['GradientBoostingClassifier', 'max_depth', 2 ** 31, 'must be at most 64'],
      // Beyond the safe integers, "an integer" is all that can be said of it.
      ['GradientBoostingClassifier', 'max_depth', 2 ** 53, 'must be an integer'],
      ['GaussianMixture', 'n_components', 1e6, 'must be at most 1000'],
    ];
    for (const [section, key, value, message] of cases) {
      const result = paramsFileSchema.safeParse(withValue(section, key, value));
      expect(result.success).toBe(false);
      const issue = result.error!.issues[0]!;
      expect(issue.path.slice(0, 2)).toEqual([section, key]);
      expect(issue.message).toBe(message);
    }
  });

  it('turns each section into the model options, which the models accept', () => {
    const file = paramsFileSchema.parse({ ...valid, GradientBoostingClassifier: { ...valid.GradientBoostingClassifier, subsample: 0.5, n_iter_no_change: 5 } });
    expect(gradientBoostingOptionsOf(file.GradientBoostingClassifier)).toEqual({ learningRate: 0.1, maxDepth: 3, nEstimators: 20, randomState: 1, subsample: 0.5, earlyStopping: { nIterNoChange: 5 } });
    expect(new GradientBoostingClassifier(gradientBoostingOptionsOf(file.GradientBoostingClassifier)).options.nEstimators).toBe(20);
    expect(gaussianMixtureOptionsOf(file.GaussianMixture, 1)).toEqual({ nComponents: 3, covarianceType: 'spherical', randomState: 42 });
    expect(() => gaussianMixtureOptionsOf(file.GaussianMixture, 2)).toThrow(/genreIndex/);
  });
});
