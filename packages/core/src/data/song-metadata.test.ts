import { describe, expect, it } from 'vitest';
import {
  formatArtists,
  metadataCell,
  metadataValue,
  SONG_METADATA_COLUMN_NAMES,
  SONG_METADATA_COLUMNS,
  songLabel,
  songMetadataOf,
  spotifyTrackUrl,
} from './song-metadata.js';

describe('song metadata columns', () => {
  it('are the songs-base columns in order, with their fields and schema.yaml types', () => {
    expect(SONG_METADATA_COLUMN_NAMES).toEqual(['name', 'artist', 'album', 'popularity', 'duration_ms', 'explicit']);
    expect(SONG_METADATA_COLUMNS).toEqual({
      name: { field: 'name', type: 'str' },
      artist: { field: 'artist', type: 'str' },
      album: { field: 'album', type: 'str' },
      popularity: { field: 'popularity', type: 'int64' },
      duration_ms: { field: 'durationMs', type: 'int64' },
      explicit: { field: 'explicit', type: 'bool' },
    });
  });
});

describe('songLabel of a song without a title', () => {
  it('shows the bare id of a track uri, and a local file’s uri whole (not its length in seconds)', () => {
    expect(songLabel({ uri: 'spotify:track:5SuOikwiRyPMVoIQDJUgSV' })).toBe('5SuOikwiRyPMVoIQDJUgSV');
    expect(songLabel({ uri: 'spotify:local:Me:Album:Song:200' })).toBe('spotify:local:Me:Album:Song:200');
  });
});

describe('metadataValue', () => {
  it('keeps text cells as written (spaces included) and reads an empty one as unknown', () => {
    expect(metadataValue('name', ' Comedy ')).toBe(' Comedy ');
    expect(metadataValue('artist', '')).toBeUndefined();
  });

  it('reads numbers, and an empty or blank numeric cell as unknown, never 0', () => {
    expect(metadataValue('popularity', ' 73 ')).toBe(73);
    expect(metadataValue('duration_ms', '230666')).toBe(230666);
    expect(metadataValue('popularity', '')).toBeUndefined();
    expect(metadataValue('duration_ms', '   ')).toBeUndefined();
  });

  it('reads booleans as pandas and CSV write them, case-insensitively', () => {
    for (const cell of ['True', 'true', 'TRUE', '1', ' True ']) expect(metadataValue('explicit', cell)).toBe(true);
    for (const cell of ['False', 'false', '0', 'yes', '11', 'xtrue']) expect(metadataValue('explicit', cell)).toBe(false);
    expect(metadataValue('explicit', ' ')).toBeUndefined();
  });
});

describe('metadataCell', () => {
  it('writes unknown as an empty cell and booleans as pandas does', () => {
    expect(metadataCell(undefined)).toBe('');
    expect(metadataCell(true)).toBe('True');
    expect(metadataCell(false)).toBe('False');
    expect(metadataCell(0)).toBe(0);
    expect(metadataCell('')).toBe('');
    expect(metadataCell('x')).toBe('x');
  });
});

describe('formatArtists', () => {
  it('turns Kaggle `A;B` into `A, B`, dropping blanks', () => {
    expect(formatArtists('Gen Hoshino')).toBe('Gen Hoshino');
    expect(formatArtists('A;B')).toBe('A, B');
    expect(formatArtists(' A ; ;B; ')).toBe('A, B');
    expect(formatArtists(';')).toBe('');
  });
});

describe('songMetadataOf', () => {
  it('keeps only the known metadata fields, falsy values included', () => {
    const song = { uri: 'x', genre: 'pop', key: 3, name: '', popularity: 0, explicit: false, durationMs: 1, artist: 'A', album: 'B' };
    expect(songMetadataOf(song)).toEqual({ name: '', popularity: 0, explicit: false, durationMs: 1, artist: 'A', album: 'B' });
    expect(songMetadataOf({ artist: undefined })).toEqual({});
    expect('artist' in songMetadataOf({ artist: undefined })).toBe(false);
  });
});

describe('songLabel', () => {
  it('is `title — artists · album` with the parts the song has', () => {
    expect(songLabel({ uri: 'u', name: 'Comedy', artist: 'Gen Hoshino;Guest', album: 'Comedy' })).toBe('Comedy — Gen Hoshino, Guest · Comedy');
    expect(songLabel({ uri: 'u', name: 'Comedy' })).toBe('Comedy');
    expect(songLabel({ uri: 'u', name: 'Comedy', artist: 'A' })).toBe('Comedy — A');
    expect(songLabel({ uri: 'u', name: 'Comedy', album: 'B' })).toBe('Comedy · B');
    expect(songLabel({ uri: 'u', name: 'Comedy', artist: ';', album: '' })).toBe('Comedy');
  });

  it('is the bare track id without a title', () => {
    expect(songLabel({ uri: 'spotify:track:5SuOikwiRyPMVoIQDJUgSV', artist: 'A' })).toBe('5SuOikwiRyPMVoIQDJUgSV');
    expect(songLabel({ uri: 'spotify:track:abc', name: '' })).toBe('abc');
  });
});

describe('spotifyTrackUrl', () => {
  it('links the bare id, percent-encoded', () => {
    expect(spotifyTrackUrl('spotify:track:5SuOikwiRyPMVoIQDJUgSV')).toBe('https://open.spotify.com/track/5SuOikwiRyPMVoIQDJUgSV');
    expect(spotifyTrackUrl('a b/c')).toBe('https://open.spotify.com/track/a%20b%2Fc');
  });
});
