import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, featureVector } from './features.js';
import { csvNumber, KAGGLE_COLUMNS, kaggleTrackSchema } from './kaggle-track.js';
import { playlistFileSchema } from './playlist.js';
import { trackIdFromUri } from './track-id.js';
import { songSchema, trackIdSchema } from './song.js';

const record = (over: Record<string, string> = {}): Record<string, string> => ({
  track_id: '5SuOikwiRyPMVoIQDJUgSV',
  artists: 'Gen Hoshino',
  album_name: 'Comedy',
  track_name: 'Comedy',
  popularity: '73',
  duration_ms: '230666',
  explicit: 'False',
  danceability: '0.676',
  energy: '0.461',
  key: '1',
  loudness: '-6.746',
  mode: '0',
  speechiness: '0.143',
  acousticness: '0.0322',
  instrumentalness: '1.01e-06',
  liveness: '0.358',
  valence: '0.715',
  tempo: '87.917',
  time_signature: '4',
  track_genre: 'acoustic',
  ...over,
});

describe('kaggleTrackSchema', () => {
  it('parses a Kaggle CSV record into typed values', () => {
    const parsed = kaggleTrackSchema.parse(record());
    expect(parsed).toMatchObject({ explicit: false, key: 1, instrumentalness: 1.01e-6, tempo: 87.917, popularity: 73 });
    expect(Object.keys(parsed)).toEqual([...KAGGLE_COLUMNS]);
  });

  it('treats an empty cell as missing, not as zero, and names the column', () => {
    const result = kaggleTrackSchema.safeParse(record({ energy: '', track_genre: '' }));
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(['energy: is missing (empty cell)', 'track_genre: is missing (empty cell)']);
  });

  it('refuses non-numbers, out-of-range features and non-integer keys', () => {
    const result = kaggleTrackSchema.safeParse(record({ tempo: 'NaN', danceability: '1.5', key: '3.5', valence: 'Infinity' }));
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path[0]).sort()).toEqual(['danceability', 'key', 'tempo', 'valence']);
  });

  it('csvNumber parses exponents and refuses thousands separators', () => {
    expect(csvNumber.parse(' -1.5e-3 ')).toBe(-0.0015);
    expect(csvNumber.safeParse('1,5').success).toBe(false);
  });
});

describe('songSchema', () => {
  it('accepts a song and lays its features out in FEATURE_NAMES order', () => {
    const song = songSchema.parse({ uri: 'x', genre: 'rock', key: 5, acousticness: 0.1, danceability: 0.2, energy: 0.3, instrumentalness: 0, loudness: -7, speechiness: 0.05, valence: 0.6, tempo: 120 });
    expect(Array.from(featureVector(song))).toEqual(FEATURE_NAMES.map((n) => song[n]));
  });

  it('refuses NaN, Infinity and a zero tempo with the field named', () => {
    const result = songSchema.safeParse({ uri: 'x', genre: 'rock', key: 5, acousticness: Number.NaN, danceability: Infinity, energy: 0.3, instrumentalness: 0, loudness: -7, speechiness: 0.05, valence: 0.6, tempo: 0 });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path[0]).sort()).toEqual(['acousticness', 'danceability', 'tempo']);
  });
});

describe('playlistFileSchema', () => {
  it('parses the MPD format and keeps unknown fields', () => {
    const file = playlistFileSchema.parse({
      info: { slice: '0-999' },
      playlists: [{ pid: 0, name: 'chill', num_tracks: 1, extra: 1, tracks: [{ pos: 0, track_uri: 'spotify:track:5SuOikwiRyPMVoIQDJUgSV', track_name: 'Comedy', artist_name: 'Gen Hoshino' }] }],
    });
    expect(file.playlists[0]!.tracks[0]!.track_uri).toContain('5SuO');
    expect(file.playlists[0]).toHaveProperty('extra', 1);
  });

  it('names the path of a bad track', () => {
    const result = playlistFileSchema.safeParse({ playlists: [{ pid: 0, name: 'x', num_tracks: 1, tracks: [{ pos: 0, track_name: 'a', artist_name: 'b' }] }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['playlists', 0, 'tracks', 0, 'track_uri']);
  });

  it('trackIdFromUri strips the spotify:track: prefix', () => {
    expect(trackIdFromUri('spotify:track:5SuOikwiRyPMVoIQDJUgSV')).toBe('5SuOikwiRyPMVoIQDJUgSV');
    expect(trackIdFromUri('5SuOikwiRyPMVoIQDJUgSV')).toBe('5SuOikwiRyPMVoIQDJUgSV');
  });

  it.each([
    'https://open.spotify.com/track/5SuOikwiRyPMVoIQDJUgSV?si=1a2b3c',
    'open.spotify.com/track/5SuOikwiRyPMVoIQDJUgSV',
    'https://open.spotify.com/intl-de/track/5SuOikwiRyPMVoIQDJUgSV',
    ' spotify:track:5SuOikwiRyPMVoIQDJUgSV ',
  ])('trackIdFromUri reads %s as the bare id', (form) => {
    expect(trackIdFromUri(form)).toBe('5SuOikwiRyPMVoIQDJUgSV');
  });
});

describe('kaggleTrackSchema bounds, at and just past each', () => {
  /** The message of the one issue a record with `over` has, or 'ok'. */
  const verdict = (over: Record<string, string>): string => {
    const result = kaggleTrackSchema.safeParse(record(over));
    return result.success ? 'ok' : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };

  it.each([
    // Popularity is 0–100 (Spotify's scale), an integer.
    ['popularity', '0', true],
    ['popularity', '100', true],
    ['popularity', '101', false],
    ['popularity', '-1', false],
    ['popularity', '50.5', false],
    ['duration_ms', '0', true],
    ['duration_ms', '-1', false],
    // Pitch classes 0–11.
    ['key', '0', true],
    ['key', '11', true],
    ['key', '12', false],
    ['key', '-1', false],
    ['mode', '1', true],
    ['mode', '2', false],
    ['liveness', '1', true],
    ['liveness', '1.01', false],
    ['liveness', '-0.01', false],
    ['danceability', '0', true],
    ['danceability', '-0.001', false],
    ['energy', '1', true],
    ['energy', '1.001', false],
    ['acousticness', '1.5', false],
    ['instrumentalness', '-1', false],
    ['speechiness', '2', false],
    ['valence', '1.0001', false],
    ['loudness', '-100', true],
    ['loudness', '-100.1', false],
    ['loudness', '10', true],
    ['loudness', '10.5', false],
    ['tempo', '400', true],
    ['tempo', '400.5', false],
    ['tempo', '0', false],
    ['tempo', '0.1', true],
    ['time_signature', '0', true],
    ['time_signature', '7', true],
    ['time_signature', '8', false],
    ['time_signature', '3.5', false],
  ])('%s = %s: accepted %s', (column, value, ok) => {
    const result = kaggleTrackSchema.safeParse(record({ [column]: value }));
    expect(result.success).toBe(ok);
    if (!ok) expect(result.error!.issues.map((i) => i.path[0])).toEqual([column]);
  });

  it('words the feature refusals for people', () => {
    expect(verdict({ tempo: '0' })).toBe('tempo: must be greater than 0 bpm (0 means no beat was detected)');
    expect(verdict({ tempo: '401' })).toBe('tempo: must be at most 400 bpm');
    expect(verdict({ loudness: '-101' })).toBe('loudness: must be at least -100 dB');
    expect(verdict({ loudness: '11' })).toBe('loudness: must be at most 10 dB');
    expect(verdict({ key: '1.5' })).toBe('key: must be an integer pitch class');
    expect(verdict({ energy: 'high' })).toBe('energy: is not a number');
    // Digits that overflow a double: named as such, not zod's "received Infinity".
    expect(verdict({ tempo: '1e999' })).toBe('tempo: is too large for a number (it overflows to Infinity)');
    expect(verdict({ duration_ms: '-1e400' })).toBe('duration_ms: is too large for a number (it overflows to -Infinity)');
    expect(verdict({ explicit: 'yes' })).toBe('explicit: is not a boolean (True/False)');
    expect(verdict({ track_name: '' })).toBe('track_name: is missing (empty cell)');
    const { track_id: _, ...withoutId } = record();
    const missing = kaggleTrackSchema.safeParse(withoutId);
    expect(missing.success || missing.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['track_id: is missing']);
  });

  it.each([
    ['True', true],
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['False', false],
    ['false', false],
    ['FALSE', false],
    ['0', false],
  ])('reads explicit %j as %s', (cell, value) => {
    expect(kaggleTrackSchema.parse(record({ explicit: cell })).explicit).toBe(value);
  });

  it.each(['tRUE', ' True', 'True ', 'yes', '2', ''])('refuses explicit %j', (cell) => {
    expect(kaggleTrackSchema.safeParse(record({ explicit: cell })).success).toBe(false);
  });

  it.each([
    ['12', 12],
    ['+3', 3],
    ['.5', 0.5],
    ['5.', 5],
    ['1E3', 1000],
    ['-2e+2', -200],
  ])('csvNumber reads %j as %d', (cell, value) => {
    expect(csvNumber.parse(cell)).toBe(value);
  });

  it.each(['', '   ', 'NaN', 'inf', '-Infinity', '1,5', '1.2.3', '0x10', 'e5', '.', '1e', '12abc', 'abc12', '- 1'])('csvNumber refuses %j', (cell) => {
    expect(csvNumber.safeParse(cell).success).toBe(false);
  });
});

describe('songSchema fields', () => {
  const song = { uri: 'x', genre: 'rock', key: 5, acousticness: 0.1, danceability: 0.2, energy: 0.3, instrumentalness: 0, loudness: -7, speechiness: 0.05, valence: 0.6, tempo: 120 };
  const messages = (over: Record<string, unknown>): string[] => {
    const result = songSchema.safeParse({ ...song, ...over });
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('refuses an empty uri or genre, and ±Infinity as not finite', () => {
    expect(messages({ uri: '', genre: '' })).toEqual(['uri: must not be empty', 'genre: must not be empty']);
    // zod 4's number() refuses ±Infinity itself (song.test.ts pins it for every feature).
    expect(messages({ energy: -Infinity }).map((m) => m.split(':')[0])).toEqual(['energy']);
  });

  it('checks the optional metadata: popularity 0–100 whole, duration ≥ 0 whole, explicit a boolean', () => {
    expect(messages({ name: 'n', artist: 'a', album: 'b', popularity: 100, durationMs: 0, explicit: true })).toEqual([]);
    expect(messages({ popularity: 101 })).toHaveLength(1);
    expect(messages({ popularity: -1 })).toHaveLength(1);
    expect(messages({ popularity: 1.5 })).toHaveLength(1);
    expect(messages({ durationMs: -1 })).toHaveLength(1);
    expect(messages({ durationMs: 1.5 })).toHaveLength(1);
    expect(messages({ explicit: 'true' })).toHaveLength(1);
    expect(messages({ name: 3 })).toHaveLength(1);
  });
});

describe('trackIdSchema', () => {
  it('accepts exactly 22 base-62 characters', () => {
    expect(trackIdSchema.safeParse('5SuOikwiRyPMVoIQDJUgSV').success).toBe(true);
    for (const bad of ['5SuOikwiRyPMVoIQDJUgS', '5SuOikwiRyPMVoIQDJUgSVx', '5SuOikwiRyPMVoIQDJUg-V', ' 5SuOikwiRyPMVoIQDJUgSV']) {
      expect(trackIdSchema.safeParse(bad).error?.issues[0]?.message).toBe('must be a 22-character base-62 Spotify track id');
    }
  });
});

describe('cells and uris at the edges of their patterns', () => {
  it('reads a number with no digit before the point', () => {
    expect(csvNumber.parse('.25')).toBe(0.25);
    expect(csvNumber.parse('-.5e1')).toBe(-5);
  });

  it('says "is missing" for an absent column, numeric or boolean', () => {
    const { energy: _energy, explicit: _explicit, ...rest } = record();
    const result = kaggleTrackSchema.safeParse(rest);
    expect(result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['explicit: is missing', 'energy: is missing']);
  });

  it('strips spotify:track: only as the whole text', () => {
    // Not at the start, more colon-separated parts, or a space inside: not a track uri, left as is.
    expect(trackIdFromUri('my spotify:track:4uLU6hMCjMI75M1A2tKUQC')).toBe('my spotify:track:4uLU6hMCjMI75M1A2tKUQC');
    expect(trackIdFromUri('spotify:track:4uLU6hMCjMI75M1A2tKUQC:extra')).toBe('spotify:track:4uLU6hMCjMI75M1A2tKUQC:extra');
    expect(trackIdFromUri('spotify:track:4uLU6hMC jMI75')).toBe('spotify:track:4uLU6hMC jMI75');
  });
});
