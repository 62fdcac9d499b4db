import { describe, expect, it } from 'vitest';
import { flattenParams, paramsFormFields, unflattenParams, withGenreNames } from './params-form.js';

/** The original's params.yaml. */
const DEFAULT_MODEL_PARAMS = {
  GradientBoostingClassifier: { learning_rate: 0.008, max_depth: 5, n_estimators: 250 },
  GaussianMixture: { covariance_type: 'spherical', n_components: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3], random_state: 42 },
};

describe('params form', () => {
  it('flattens params.yaml to one field per leaf', () => {
    const fields = flattenParams(DEFAULT_MODEL_PARAMS);
    // Each model's own declaration describes its fields (label, help, the bounds it checks).
    expect(fields.find((f) => f.key === 'GradientBoostingClassifier.n_estimators')?.about).toEqual({ label: 'Boosting rounds', help: 'Boosting rounds; each fits one tree per class.', integer: true, min: 1, max: 10_000 });
    expect(fields.find((f) => f.key === 'GradientBoostingClassifier.learning_rate')?.about).toMatchObject({ integer: false, max: 10 });
    expect(fields.find((f) => f.key === 'GaussianMixture.covariance_type')?.about?.choices).toEqual(['full', 'tied', 'diag', 'spherical']);
    expect(fields.map(({ about: _about, ...f }) => f)).toEqual([
      { key: 'GradientBoostingClassifier.learning_rate', value: '0.008', kind: 'number' },
      { key: 'GradientBoostingClassifier.max_depth', value: '5', kind: 'number' },
      { key: 'GradientBoostingClassifier.n_estimators', value: '250', kind: 'number' },
      { key: 'GaussianMixture.covariance_type', value: 'spherical', kind: 'string' },
      { key: 'GaussianMixture.n_components', value: '3, 3, 3, 3, 3, 3, 3, 3, 3, 3', kind: 'number-list' },
      { key: 'GaussianMixture.random_state', value: '42', kind: 'number' },
    ]);
  });

  it('rebuilds values by their current type, keeping bad numbers as text for the schema to report', () => {
    const next = unflattenParams(DEFAULT_MODEL_PARAMS, {
      'GradientBoostingClassifier.learning_rate': ' 0.1 ',
      'GradientBoostingClassifier.max_depth': 'deep',
      'GaussianMixture.n_components': '2,4',
      'Unknown.key': '1',
    }) as typeof DEFAULT_MODEL_PARAMS;
    expect(next.GradientBoostingClassifier).toEqual({ learning_rate: 0.1, max_depth: 'deep', n_estimators: 250 });
    expect(next.GaussianMixture.n_components).toEqual([2, 4]);
    expect(next).not.toHaveProperty('Unknown');
    expect(DEFAULT_MODEL_PARAMS.GradientBoostingClassifier.learning_rate).toBe(0.008);
  });

  it('names the genres in the help of the per-genre counts only, in their order', () => {
    const fields = paramsFormFields(DEFAULT_MODEL_PARAMS);
    const named = withGenreNames(fields, ['blues', 'jazz']);
    const help = (key: string, list = named): string | undefined => list.find((f) => f.key === key)?.about?.help;
    expect(help('GaussianMixture.n_components')).toBe(`${help('GaussianMixture.n_components', fields)} One per genre, in this order: blues, jazz.`);
    expect(help('GaussianMixture.random_state')).toBe(help('GaussianMixture.random_state', fields));
    expect(named.filter((f, i) => f !== fields[i]).map((f) => f.key)).toEqual(['GaussianMixture.n_components']);
    expect(withGenreNames(fields, [])).toBe(fields);
    expect(withGenreNames(fields, undefined)).toBe(fields);
  });
});
