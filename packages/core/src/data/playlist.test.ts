import { describe, expect, it } from 'vitest';
import { mpdTrackSchema, playlistSchema } from './playlist.js';
import { trackIdFromUri } from './track-id.js';

describe('trackIdFromUri, beyond the common forms', () => {
  it.each([
    ['http://open.spotify.com/track/abc', 'abc'],
    ['HTTPS://OPEN.SPOTIFY.COM/TRACK/abc', 'abc'],
    ['https://open.spotify.com/intl-de/embed/track/abc#t=1', 'abc'],
    ['https://open.spotify.com/track/abc/', 'abc'],
    ['  abc  ', 'abc'],
    ['', ''],
  ])('reads %j as %j', (form, id) => {
    expect(trackIdFromUri(form)).toBe(id);
  });

  // Only `spotify:track:` names a track: a local file's uri ends with its length in seconds and an
  // album's with the album's id, so reading what follows the last colon would make two local files
  // of the same length one identity, and label a local song "200".
  it.each([
    'spotify:local:Artist:Album:Song:200',
    'spotify:local:::Song:200',
    'spotify:album:abc',
    'spotify:episode:abc',
    'a:bc',
    'spotify:track:',
  ])('keeps %j, which is not a track uri, unchanged', (text) => {
    expect(trackIdFromUri(text)).toBe(text);
    expect(trackIdFromUri(` ${text}\t`)).toBe(text);
  });

  it('reads the spotify:track: prefix in any case, as it reads links', () => {
    expect(trackIdFromUri('Spotify:Track:abc')).toBe('abc');
  });

  it('does not treat another host or path as a track link', () => {
    expect(trackIdFromUri('xopen.spotify.com/track/abc')).toBe('xopen.spotify.com/track/abc');
    expect(trackIdFromUri(' open.spotify.com/album/abc ')).toBe('open.spotify.com/album/abc');
  });
});

describe('MPD schemas', () => {
  const track = { pos: 0, track_uri: 'spotify:track:a', track_name: 'n', artist_name: 'm' };

  it('refuse a negative or fractional position and an empty track uri', () => {
    expect(mpdTrackSchema.safeParse(track).success).toBe(true);
    expect(mpdTrackSchema.safeParse({ ...track, pos: -1 }).success).toBe(false);
    expect(mpdTrackSchema.safeParse({ ...track, pos: 0.5 }).success).toBe(false);
    expect(mpdTrackSchema.safeParse({ ...track, track_uri: '' }).success).toBe(false);
    expect(mpdTrackSchema.safeParse({ ...track, duration_ms: -1 }).success).toBe(false);
  });

  it('refuse a negative pid or track count', () => {
    const playlist = { pid: 0, name: 'p', num_tracks: 0, tracks: [] };
    expect(playlistSchema.safeParse(playlist).success).toBe(true);
    expect(playlistSchema.safeParse({ ...playlist, pid: -1 }).success).toBe(false);
    expect(playlistSchema.safeParse({ ...playlist, num_tracks: -1 }).success).toBe(false);
    expect(playlistSchema.safeParse({ ...playlist, collaborative: 'false' }).success).toBe(true);
    expect(playlistSchema.safeParse({ ...playlist, collaborative: false }).success).toBe(true);
  });
});
