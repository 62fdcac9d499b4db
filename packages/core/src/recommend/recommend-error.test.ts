import { describe, expect, it } from 'vitest';
import { MsrError } from '../errors/msr-error.js';
import { RecommendError } from './recommend-error.js';

describe('RecommendError', () => {
  it('is an MsrError carrying its code and message, named for what threw it', () => {
    const error = new RecommendError('ERR_UNKNOWN_GENRE', 'options.genre: "polka" is not a genre of this model');
    expect(error).toBeInstanceOf(MsrError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('RecommendError');
    expect(error.code).toBe('ERR_UNKNOWN_GENRE');
    expect(error.message).toBe('options.genre: "polka" is not a genre of this model');
    expect(String(error)).toBe('RecommendError: options.genre: "polka" is not a genre of this model');
  });
});
