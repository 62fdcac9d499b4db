import { describe, expect, it } from 'vitest';
import { InvalidPlaylistReference } from '../errors/input-errors.js';
import { parsePlaylistReference } from './playlist-reference.js';

const ID = '37i9dQZF1DXcBWIGoYBM5M';
const T1 = '4iV5W9uYEdYUVa79Axb7Rh';
const T2 = '1301WleyT98MSxVHPZCA6M';

describe('parsePlaylistReference', () => {
  it.each([
    [`https://open.spotify.com/playlist/${ID}`],
    [`https://open.spotify.com/playlist/${ID}?si=EgeiRG8GRi-NMcXb0YumiA`],
    [`https://open.spotify.com/playlist/${ID}/`],
    [`https://open.spotify.com/intl-fr/playlist/${ID}?si=x&pi=y`],
    [`https://open.spotify.com/intl-pt-br/playlist/${ID}`],
    [`https://open.spotify.com/embed/playlist/${ID}`],
    [`http://open.spotify.com/playlist/${ID}#top`],
    [`open.spotify.com/playlist/${ID}`],
    [`  spotify:playlist:${ID}  `],
    [`spotify:user:someone:playlist:${ID}`],
    [ID],
  ])('reads a Spotify playlist from %s', (input) => {
    expect(parsePlaylistReference(input)).toEqual({ kind: 'spotify', id: ID });
  });

  it('reads MPD indexes (1-based) from strings and numbers, checking the range when known', () => {
    expect(parsePlaylistReference('1')).toEqual({ kind: 'mpd-index', index: 1 });
    expect(parsePlaylistReference(' 452 ')).toEqual({ kind: 'mpd-index', index: 452 });
    expect(parsePlaylistReference(499, { maxIndex: 499 })).toEqual({ kind: 'mpd-index', index: 499 });
    expect(() => parsePlaylistReference('0')).toThrow(/indexes start at 1/);
    expect(() => parsePlaylistReference(-3)).toThrow(/indexes start at 1/);
    expect(() => parsePlaylistReference(1.5)).toThrow(/indexes start at 1/);
    expect(() => parsePlaylistReference('500', { maxIndex: 499 })).toThrow(/must be 1\.\.499/);
  });

  it('reads a list of tracks in any of their forms, keeping order and duplicates', () => {
    expect(parsePlaylistReference(`${T1}, spotify:track:${T2}\nhttps://open.spotify.com/track/${T1}?si=1`)).toEqual({
      kind: 'tracks',
      ids: [T1, T2, T1],
    });
    expect(parsePlaylistReference(`spotify:track:${T1}`)).toEqual({ kind: 'tracks', ids: [T1] });
    expect(parsePlaylistReference(`https://open.spotify.com/intl-de/track/${T2}`)).toEqual({ kind: 'tracks', ids: [T2] });
  });

  it.each([
    ['', /it is empty/],
    ['   ', /it is empty/],
    [`https://open.spotify.com/playlist/${ID.slice(1)}`, /has 22 characters, this one has 21/],
    [`https://open.spotify.com/playlist/${ID}x`, /this one has 23/],
    [`https://open.spotify.com/playlist/${ID.slice(0, 21)}!`, /0-9, A-Z and a-z/],
    [`https://evil.example/playlist/${ID}`, /host is evil.example, not open.spotify.com/],
    [`https://open.spotify.com/album/${ID}`, /points to a album, not a playlist/],
    ['https://open.spotify.com/', /has no \/playlist\/<id> path/],
    [`https://open.spotify.com/playlist/${ID}/tracks`, /extra path segments/],
    ['https://open.spotify.com/playlist/', /has no playlist id/],
    [`spotify:album:${ID}`, /names a album, not a playlist/],
    [`spotify:playlist:${ID}:extra`, /extra parts/],
    ['spotify:playlist:short', /this one has 5/],
    [ID.slice(0, 20), /as a bare id: a Spotify id has 22 characters, this one has 20/],
    ['my favourite playlist', /item 1 "my" is not a track/],
    [`${T1}, nope`, /item 2 "nope" is not a track/],
    ['?!', /none of the accepted forms/],
  ])('rejects %j with a reason and the accepted forms', (input, reason) => {
    let error: unknown;
    try {
      parsePlaylistReference(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidPlaylistReference);
    const e = error as InvalidPlaylistReference;
    expect(e.code).toBe('ERR_SPOTIFY_PLAYLIST_REFERENCE');
    expect(e.reason).toMatch(reason);
    expect(e.message).toContain('Accepted forms: (1) https://open.spotify.com/playlist/<22-character id>');
    expect(e.message).toContain('an index 1..N into the local MPD-format playlists.json');
  });
});
