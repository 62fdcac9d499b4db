import { afterEach, describe, expect, it, vi } from 'vitest';
import { trackIdFromUri } from './track-id.js';

/**
 * A bare id skips the two regular expressions (decision 1202): the shortcut must take only text
 * that neither form can match — one without a ':' (`spotify:track:`) and without a '.'
 * (`open.spotify.com`); a link without its scheme has no ':', a uri has no '.'.
 */
describe('trackIdFromUri: the bare-id shortcut', () => {
  it.each([
    ['5SuOikwiRyPMVoIQDJUgSV', '5SuOikwiRyPMVoIQDJUgSV'],
    [' 5SuOikwiRyPMVoIQDJUgSV\n', '5SuOikwiRyPMVoIQDJUgSV'],
    ['open.spotify.com/track/5SuOikwiRyPMVoIQDJUgSV', '5SuOikwiRyPMVoIQDJUgSV'],
    ['spotify:track:5SuOikwiRyPMVoIQDJUgSV', '5SuOikwiRyPMVoIQDJUgSV'],
    ['local-file name', 'local-file name'],
  ])('reads %j as %j', (form, id) => {
    expect(trackIdFromUri(form)).toBe(id);
  });
});

describe('trackIdFromUri: what the shortcut skips', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('runs no regular expression for text with neither a colon nor a dot, and both forms for text with either', () => {
    const exec = vi.spyOn(RegExp.prototype, 'exec');
    expect(trackIdFromUri('5SuOikwiRyPMVoIQDJUgSV')).toBe('5SuOikwiRyPMVoIQDJUgSV');
    expect(exec).not.toHaveBeenCalled();
    // A colon or a dot anywhere, first character or second: the forms are tried (and miss).
    for (const text of [':abc', 'a:bc', 'ab:c', '.abc', 'a.bc', 'ab.c']) {
      exec.mockClear();
      expect(trackIdFromUri(text)).toBe(text);
      expect(exec, text).toHaveBeenCalledTimes(2);
    }
  });
});
