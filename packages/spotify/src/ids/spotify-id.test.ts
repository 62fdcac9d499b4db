import { describe, expect, it } from 'vitest';
import { InvalidTrackId } from '../errors/input-errors.js';
import { chunk, normaliseTrackIds, parseTrackId } from './spotify-id.js';

const ID = '4iV5W9uYEdYUVa79Axb7Rh';

describe('parseTrackId', () => {
  it('accepts a bare id, a spotify:track: URI and track URLs', () => {
    for (const input of [
      ID,
      ` ${ID}\n`,
      `spotify:track:${ID}`,
      `https://open.spotify.com/track/${ID}`,
      `https://open.spotify.com/track/${ID}?si=abc123`,
      `https://open.spotify.com/intl-de/track/${ID}`,
      `open.spotify.com/track/${ID}/`,
    ]) {
      expect(parseTrackId(input), input).toBe(ID);
    }
  });

  it('says why an input is not a track id', () => {
    expect(() => parseTrackId('4iV5W9uYEdYUVa79Axb7R')).toThrow(/22 characters, this one has 21/);
    expect(() => parseTrackId('4iV5W9uYEdYUVa79Axb7R!')).toThrow(/0-9, A-Z and a-z/);
    expect(() => parseTrackId(`spotify:album:${ID}`)).toThrow(/spotify:track: URI/);
    expect(() => parseTrackId(`spotify:track:${ID}x`)).toThrow(InvalidTrackId);
  });
});

describe('normaliseTrackIds', () => {
  it('deduplicates in first-seen order and reports invalid inputs without throwing', () => {
    const other = '1301WleyT98MSxVHPZCA6M';
    const result = normaliseTrackIds([ID, `spotify:track:${other}`, 'nope', ID, other]);
    expect(result.ids).toEqual([ID, other]);
    expect(result.invalid.map((e) => e.input)).toEqual(['nope']);
  });
});

describe('chunk', () => {
  it('splits into chunks of at most size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });
});
