import { describe, expect, it } from 'vitest';
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
