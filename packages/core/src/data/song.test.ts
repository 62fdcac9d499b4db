import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from './features.js';
import { kaggleTrackSchema } from './kaggle-track.js';
import { FEATURE_RULES, songSchema } from './song.js';

const song = { uri: 'x', genre: 'rock', key: 5, acousticness: 0.1, danceability: 0.2, energy: 0.3, instrumentalness: 0, loudness: -7, speechiness: 0.05, valence: 0.6, tempo: 120 };

describe('FEATURE_RULES: non-finite numbers', () => {
  // zod 4's number() refuses NaN and ±Infinity itself, as `invalid_type` (zod 3 accepted ±Infinity);
  // every feature rule starts from it, so no feature can hold a non-finite value.
  it.each(FEATURE_NAMES.flatMap((name) => [Number.NaN, Infinity, -Infinity].map((value) => [name, value] as const)))('%s refuses %d as invalid_type', (name, value) => {
    const result = FEATURE_RULES[name].safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.code)).toEqual(['invalid_type']);
  });

  it('names the field of a song holding ±Infinity', () => {
    const result = songSchema.safeParse({ ...song, energy: Infinity, tempo: -Infinity });
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['energy', 'invalid_type'],
      ['tempo', 'invalid_type'],
    ]);
  });

  it('refuses a CSV cell that overflows to Infinity (1e999 passes the number pattern)', () => {
    const cells = { track_id: '5SuOikwiRyPMVoIQDJUgSV', artists: 'a', album_name: 'b', track_name: 'c', popularity: '73', duration_ms: '230666', explicit: 'False', danceability: '0.676', energy: '0.461', key: '1', loudness: '-6.746', mode: '0', speechiness: '0.143', acousticness: '0.0322', instrumentalness: '0', liveness: '0.358', valence: '0.715', tempo: '1e999', time_signature: '4', track_genre: 'acoustic' };
    expect(kaggleTrackSchema.safeParse(cells).success).toBe(false);
    expect(kaggleTrackSchema.safeParse(cells).error!.issues.map((i) => i.path.join('.'))).toEqual(['tempo']);
    expect(kaggleTrackSchema.safeParse({ ...cells, tempo: '1e2' }).success).toBe(true);
  });
});
