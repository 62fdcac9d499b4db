import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { thrown as thrownMsr } from '../models/__fixtures__/thrown.js';
import { ModelFormatError, MsrError, InvalidArgumentError, NotFittedError, NumericalError } from './msr-error.js';
import { formatPath, parseModelJson } from './parse-model-json.js';

const schema = z.object({ trees: z.object({ feature: z.array(z.number().int()) }) });

const thrown = (fn: () => unknown): ModelFormatError => thrownMsr(fn, ModelFormatError);

describe('parseModelJson', () => {
  it('parses a JSON string and accepts an already parsed object', () => {
    expect(parseModelJson(schema, '{"trees":{"feature":[1,2]}}', 'Forest')).toEqual({ trees: { feature: [1, 2] } });
    const obj = { trees: { feature: [3] } };
    expect(parseModelJson(schema, obj, 'Forest')).toEqual(obj);
  });

  it('refuses text that is not JSON, at the root, keeping the cause', () => {
    const err = thrown(() => parseModelJson(schema, '{trees', 'Forest'));
    expect(err.code).toBe('ERR_MODEL_FORMAT');
    expect(err.path).toBe('');
    expect(err.message).toBe('Forest model: is not valid JSON');
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });

  it('names the first offending field by its path', () => {
    const err = thrown(() => parseModelJson(schema, { trees: { feature: [1, 2.5] } }, 'Forest'));
    expect(err.path).toBe('trees.feature[1]');
    expect(err.message.startsWith('Forest model at trees.feature[1]: ')).toBe(true);
    expect(err.cause).toBeInstanceOf(z.ZodError);
  });
});

describe('formatPath', () => {
  it('joins keys with dots and indices in brackets', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath(['trees'])).toBe('trees');
    expect(formatPath(['trees', 'feature', 42])).toBe('trees.feature[42]');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath(['a', 1, 2, 'b'])).toBe('a[1][2].b');
  });
});

describe('error classes', () => {
  it('carry their names, codes and messages', () => {
    const invalid = new InvalidArgumentError('X', 'bad');
    expect(invalid).toBeInstanceOf(MsrError);
    expect(invalid).toBeInstanceOf(Error);
    expect([invalid.name, invalid.code, invalid.message, invalid.argument]).toEqual(['InvalidArgumentError', 'ERR_INVALID_ARGUMENT', 'X: bad', 'X']);
    const notFitted = new NotFittedError('GaussianMixture');
    expect([notFitted.name, notFitted.code, notFitted.message]).toEqual([
      'NotFittedError',
      'ERR_NOT_FITTED',
      'GaussianMixture is not fitted yet: call fit() (or fromJSON()) first',
    ]);
    const numerical = new NumericalError('component 2 is singular', { cause: 'c' });
    expect([numerical.name, numerical.code, numerical.message, numerical.cause]).toEqual(['NumericalError', 'ERR_NUMERICAL', 'component 2 is singular', 'c']);
    const base = new MsrError('ERR_X', 'm');
    expect([base.name, base.code, base.message]).toEqual(['MsrError', 'ERR_X', 'm']);
    const format = new ModelFormatError('Scaler', 'mean[0]', 'must be finite');
    expect([format.name, format.code, format.message, format.path]).toEqual(['ModelFormatError', 'ERR_MODEL_FORMAT', 'Scaler model at mean[0]: must be finite', 'mean[0]']);
  });
});
