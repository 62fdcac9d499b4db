import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, featureVector } from './features.js';
import { csvNumber, KAGGLE_COLUMNS, kaggleTrackSchema } from './kaggle-track.js';
import { playlistFileSchema } from './playlist.js';
import { trackIdFromUri } from './track-id.js';
import { songSchema } from './song.js';

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
