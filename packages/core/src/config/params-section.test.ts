import { describe, expect, it } from 'vitest';
import { choiceParameter, intParameter, numberParameter } from '../models/hyper-parameter.js';
import { modelOptionsOf, paramsKeyOf, paramsSectionSchema, perGenreOptionsOf, personMessage, trackedParamsOf } from './params-section.js';

// A made-up model's declarations with one of each kind the sections support, so every expectation
// follows from the declarations' documented meaning (not from the two real models' values).
const PARAMETERS = {
  maxDepth: intParameter({ yaml: 'max_depth', option: 'maxDepth', label: 'Max depth', help: '', default: 3, min: 1, max: 64, required: true }),
  learningRate: numberParameter({ yaml: 'learning_rate', option: 'learningRate', label: 'Learning rate', help: '', default: 0.1, min: 0, minExclusive: true, max: 1 }),
  validationFraction: numberParameter({
    yaml: 'validation_fraction',
    option: 'validationFraction',
    within: 'earlyStopping',
    label: 'Validation fraction',
    help: '',
    default: 0.1,
    min: 0,
    minExclusive: true,
    max: 1,
    maxExclusive: true,
  }),
  nIterNoChange: intParameter({ yaml: 'n_iter_no_change', option: 'nIterNoChange', within: 'earlyStopping', label: 'Patience', help: '', default: 10, min: 1 }),
  randomState: intParameter({ yaml: 'random_state', option: 'randomState', label: 'Seed', help: '', default: 0, fileDefault: 42, min: 0 }),
  covarianceType: choiceParameter({ yaml: 'covariance_type', option: 'covarianceType', label: 'Covariance', help: '', default: 'full', choices: ['full', 'diag'] }),
  nComponents: intParameter({ yaml: 'n_components', option: 'nComponents', label: 'Clusters', help: '', default: 1, min: 1, max: 1000, perGenre: { default: 2, range: true } }),
  nTrees: intParameter({ yaml: 'n_trees', option: 'nTrees', label: 'Trees', help: '', default: 1, min: 1, perGenre: { default: 5 } }),
};

const schema = paramsSectionSchema(PARAMETERS);

/** The messages of the issues of `section`, by key path. */
function messages(section: unknown): Record<string, string> {
  const result = schema.safeParse(section);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('paramsSectionSchema', () => {
  it('accepts the required key alone and every key at its bounds', () => {
    expect(messages({ max_depth: 3 })).toEqual({});
    expect(
      messages({
        max_depth: 64,
        learning_rate: 1,
        validation_fraction: 0.5,
        n_iter_no_change: 1,
        random_state: 0,
        covariance_type: 'diag',
        n_components: [1, 1000],
        default_n_components: 7,
        n_components_range: [3, 3],
        n_trees: [2],
        default_n_trees: 4,
      }),
    ).toEqual({});
  });

  it('says which bound each value breaks, in the declaration’s words', () => {
    expect(
      messages({
        max_depth: 0,
        learning_rate: 0,
        validation_fraction: 1,
        n_iter_no_change: 2.5,
        random_state: -1,
        covariance_type: 'round',
      }),
    ).toEqual({
      max_depth: 'must be at least 1',
      learning_rate: 'must be greater than 0',
      validation_fraction: 'must be less than 1',
      n_iter_no_change: 'must be an integer',
      random_state: 'must not be negative',
      covariance_type: 'unknown covariance type "round"; expected one of full, diag',
    });
    expect(messages({ max_depth: 65, learning_rate: 1.5, validation_fraction: 0 })).toEqual({
      max_depth: 'must be at most 64',
      learning_rate: 'must be at most 1',
      validation_fraction: 'must be greater than 0',
    });
    expect(messages({ max_depth: '3' })).toEqual({ max_depth: 'must be a number' });
  });

  it('requires what is declared required and refuses keys nobody declared', () => {
    expect(Object.keys(messages({}))).toEqual(['max_depth']);
    expect(schema.safeParse({ max_depth: 3, maxDepth: 3 }).success).toBe(false);
    // A per-genre parameter has no range key unless declared with one.
    expect(schema.safeParse({ max_depth: 3, n_trees_range: [1, 2] }).success).toBe(false);
  });

  it('checks a per-genre list entry by entry, its default and its range', () => {
    expect(messages({ max_depth: 3, n_components: [] })).toEqual({ n_components: 'must list one component count per genre' });
    expect(messages({ max_depth: 3, n_components: [3, 0] })).toEqual({ 'n_components.1': 'must be at least 1' });
    expect(messages({ max_depth: 3, default_n_components: 1001 })).toEqual({ default_n_components: 'must be at most 1000' });
    expect(messages({ max_depth: 3, n_components_range: [5, 3] })).toEqual({ n_components_range: 'must be [min, max] with min ≤ max' });
    expect(messages({ max_depth: 3, n_components_range: [0, 3] })).toEqual({ 'n_components_range.0': 'must be at least 1' });
  });
});

describe('paramsKeyOf', () => {
  it('finds the declaration behind each form of key, with its label for people', () => {
    expect(paramsKeyOf(PARAMETERS, 'max_depth')).toEqual({ parameter: PARAMETERS.maxDepth, form: 'value', label: 'Max depth' });
    expect(paramsKeyOf(PARAMETERS, 'n_components')).toEqual({ parameter: PARAMETERS.nComponents, form: 'per-genre', label: 'Clusters per genre' });
    expect(paramsKeyOf(PARAMETERS, 'default_n_components')).toEqual({ parameter: PARAMETERS.nComponents, form: 'default', label: 'Clusters (every genre)' });
    expect(paramsKeyOf(PARAMETERS, 'n_components_range')).toEqual({ parameter: PARAMETERS.nComponents, form: 'range', label: 'Clusters range (chosen by BIC)' });
    expect(paramsKeyOf(PARAMETERS, 'default_n_trees')).toEqual({ parameter: PARAMETERS.nTrees, form: 'default', label: 'Trees (every genre)' });
  });

  it('knows no default_ or _range key of a parameter that is not per genre or has no range', () => {
    expect(paramsKeyOf(PARAMETERS, 'default_max_depth')).toBeUndefined();
    expect(paramsKeyOf(PARAMETERS, 'max_depth_range')).toBeUndefined();
    expect(paramsKeyOf(PARAMETERS, 'n_trees_range')).toBeUndefined();
    expect(paramsKeyOf(PARAMETERS, 'default_covariance_type')).toBeUndefined();
    expect(paramsKeyOf(PARAMETERS, 'maxDepth')).toBeUndefined();
  });
});

describe('personMessage', () => {
  const key = (yaml: string) => paramsKeyOf(PARAMETERS, yaml)!;

  it('says "whole number" for an integer parameter, and keeps other messages', () => {
    expect(personMessage(key('max_depth'), 'must be an integer')).toBe('Max depth must be a whole number');
    expect(personMessage(key('max_depth'), 'must be a number')).toBe('Max depth must be a whole number');
    expect(personMessage(key('max_depth'), 'must be at most 64')).toBe('Max depth must be at most 64');
    expect(personMessage(key('learning_rate'), 'must be a number')).toBe('Learning rate must be a number');
  });

  it('numbers a list entry from 1', () => {
    expect(personMessage(key('n_components'), 'must be at most 1000', 2)).toBe('Clusters per genre: entry 3 must be at most 1000');
    expect(personMessage(key('n_components'), 'must be an integer', 0)).toBe('Clusters per genre: entry 1 must be a whole number');
  });
});

describe('modelOptionsOf', () => {
  it('maps keys to options, fills file defaults, and nests options that sit within an object', () => {
    expect(modelOptionsOf(PARAMETERS, { max_depth: 5, validation_fraction: 0.2, n_iter_no_change: 4, n_components: [3, 4] }, 1)).toEqual({
      maxDepth: 5,
      earlyStopping: { validationFraction: 0.2, nIterNoChange: 4 },
      // fileDefault, not the model's default 0.
      randomState: 42,
      nComponents: 4,
      nTrees: 5,
    });
  });

  it('leaves the model’s defaults to the model: no key, no option', () => {
    expect(modelOptionsOf(PARAMETERS, { max_depth: 5 })).toEqual({ maxDepth: 5, randomState: 42, nComponents: 2, nTrees: 5 });
    expect(modelOptionsOf(PARAMETERS, { max_depth: 5, random_state: 0, covariance_type: 'diag', learning_rate: 0.5 })).toEqual({
      maxDepth: 5,
      randomState: 0,
      covarianceType: 'diag',
      learningRate: 0.5,
      nComponents: 2,
      nTrees: 5,
    });
  });

  it('gives every genre default_<key> when there is no list, and refuses a genre past the list', () => {
    expect(modelOptionsOf(PARAMETERS, { max_depth: 5, default_n_components: 6, n_trees: [7, 8] }, 1)).toMatchObject({ nComponents: 6, nTrees: 8 });
    expect(() => modelOptionsOf(PARAMETERS, { max_depth: 5, n_components: [3, 4] }, 2)).toThrow(
      expect.objectContaining({ code: 'ERR_OUT_OF_RANGE', message: expect.stringContaining('genreIndex: is 2, but n_components lists 2 genre(s)') }),
    );
  });
});

describe('perGenreOptionsOf', () => {
  it('gives per-genre parameters one value per genre, and the range when there is no list', () => {
    expect(perGenreOptionsOf(PARAMETERS, { max_depth: 5, n_components_range: [2, 6] }, 3)).toEqual({
      maxDepth: 5,
      randomState: 42,
      nComponents: [2, 2, 2],
      nComponentsRange: [2, 6],
      nTrees: [5, 5, 5],
    });
    expect(perGenreOptionsOf(PARAMETERS, { max_depth: 5, default_n_components: 7, n_trees: [1, 2], validation_fraction: 0.3 }, 2)).toEqual({
      maxDepth: 5,
      earlyStopping: { validationFraction: 0.3 },
      randomState: 42,
      nComponents: [7, 7],
      nTrees: [1, 2],
    });
  });

  it('lets a list win over a range', () => {
    const options = perGenreOptionsOf<Record<string, unknown>>(PARAMETERS, { max_depth: 5, n_components: [3, 4], n_components_range: [2, 6] }, 2);
    expect(options.nComponents).toEqual([3, 4]);
    expect(options).not.toHaveProperty('nComponentsRange');
  });
});

describe('trackedParamsOf', () => {
  it('tracks every declared parameter under its yaml key: the value given, else the model’s default', () => {
    expect(trackedParamsOf(PARAMETERS, { maxDepth: 5, nComponents: 3, covarianceType: 'diag' })).toEqual({
      max_depth: '5',
      learning_rate: '0.1',
      validation_fraction: 'off',
      n_iter_no_change: 'off',
      random_state: '0',
      covariance_type: 'diag',
      n_components: '3',
      n_trees: '1',
    });
  });

  it('says "off" for options within an object that is absent or false, and their defaults when it is on', () => {
    expect(trackedParamsOf(PARAMETERS, { earlyStopping: false })).toMatchObject({ validation_fraction: 'off', n_iter_no_change: 'off' });
    expect(trackedParamsOf(PARAMETERS, { earlyStopping: { nIterNoChange: 4 } })).toMatchObject({ validation_fraction: '0.1', n_iter_no_change: '4' });
    expect(trackedParamsOf(PARAMETERS, { earlyStopping: true })).toMatchObject({ validation_fraction: '0.1', n_iter_no_change: '10' });
  });
});
