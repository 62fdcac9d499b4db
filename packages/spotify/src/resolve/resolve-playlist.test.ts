import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../test/support/fake.js';
import { DEV_APP, OWN_PLAYLIST, PLAYLISTS, TRACKS } from '../../test/support/catalog.js';
import { staticToken } from '../auth/token-provider.js';
import { createSpotifyClient } from '../client/spotify-client.js';
import { InvalidPlaylistReference, NoPlaylistSource } from '../errors/input-errors.js';
import { datasetFeaturesProvider } from '../features/dataset-features-provider.js';
import { createFeaturesChain } from '../features/features-chain.js';
import { reccoBeatsFeaturesProvider } from '../features/reccobeats-features-provider.js';
import { mpdPlaylistSource } from '../playlist/mpd-playlist-source.js';
import { combinePlaylistSources } from '../playlist/playlist-source.js';
import { spotifyPlaylistSource } from '../playlist/spotify-playlist-source.js';
import { trackListSource } from '../playlist/track-list-source.js';
import { resolvePlaylist } from './resolve-playlist.js';

// ReccoBeats does not know tracks 100..116; the songs base knows 100..109.
const tracks = TRACKS.map((t, i) => (i >= 100 ? { ...t, inReccoBeats: false } : t));
const fake = useFakeSpotify(() => ({ tracks, playlists: PLAYLISTS, apps: [DEV_APP] }));
const mpd = {
  playlists: [{ name: 'From MPD', pid: 7, num_tracks: 4, tracks: TRACKS.slice(0, 4).map((t, pos) => ({ pos, track_uri: `spotify:track:${t.id}`, track_name: t.name, artist_name: t.artist })) }],
};

function setup() {
  const { accessToken } = fake().issueUserToken('alice', { clientId: DEV_APP.clientId });
  const client = createSpotifyClient({ token: staticToken(accessToken, 'user'), apiBaseUrl: fake().apiBaseUrl });
  return {
    playlists: combinePlaylistSources([spotifyPlaylistSource(client), mpdPlaylistSource({ data: mpd }), trackListSource()]),
    features: createFeaturesChain([
      reccoBeatsFeaturesProvider({ baseUrl: fake().reccoBeatsBaseUrl }),
      datasetFeaturesProvider(TRACKS.slice(100, 110).map((t) => ({ uri: t.id, ...t.features! })), { name: 'songs-base' }),
    ]),
  };
}

describe('resolvePlaylist', () => {
  it('turns a Spotify URL into distinct tracks with features and provenance, listing the rest', async () => {
    const result = await resolvePlaylist(`https://open.spotify.com/intl-fr/playlist/${OWN_PLAYLIST}?si=abc`, setup());
    expect(result.playlist).toMatchObject({ source: 'spotify', name: 'Mine' });
    expect(result.playlist.tracks).toHaveLength(118); // with the duplicate
    expect(result.tracks).toHaveLength(110);
    expect(result.tracks[0]).toEqual({ id: TRACKS[0]!.id, name: 'pop track 0', artist: 'pop artist 0', features: TRACKS[0]!.features, provider: 'reccobeats' });
    expect(result.tracks.filter((t) => t.provider === 'songs-base').map((t) => t.id)).toEqual(TRACKS.slice(100, 110).map((t) => t.id));
    expect(result.missing.map((t) => t.id)).toEqual(TRACKS.slice(110, 117).map((t) => t.id));
    expect(result.missing[0]!.attempts.map((a) => `${a.provider}:${a.outcome}`)).toEqual(['reccobeats:not-found', 'songs-base:not-found']);
    expect(result.missing[0]!.name).toBe(TRACKS[110]!.name);
  });

  it('resolves an MPD index and a pasted track list through the same entry point', async () => {
    const fromMpd = await resolvePlaylist('1', { ...setup(), maxIndex: 1 });
    expect(fromMpd.playlist.name).toBe('From MPD');
    expect(fromMpd.tracks.map((t) => t.id)).toEqual(TRACKS.slice(0, 4).map((t) => t.id));
    const list = await resolvePlaylist(`spotify:track:${TRACKS[1]!.id} ${TRACKS[2]!.id}`, setup());
    expect(list.playlist.source).toBe('track-list');
    expect(list.tracks.map((t) => [t.id, t.provider])).toEqual([
      [TRACKS[1]!.id, 'reccobeats'],
      [TRACKS[2]!.id, 'reccobeats'],
    ]);
  });

  it('throws typed errors for a bad reference or a kind nobody handles', async () => {
    await expect(resolvePlaylist('2', { ...setup(), maxIndex: 1 })).rejects.toBeInstanceOf(InvalidPlaylistReference);
    const onlyTracks = { playlists: trackListSource(), features: datasetFeaturesProvider([]) };
    const error = await resolvePlaylist(OWN_PLAYLIST, onlyTracks).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoPlaylistSource);
    expect((error as Error).message).toMatch(/No playlist source handles spotify references \(configured: track-list\); configure a Spotify playlist source with a user token/);
  });

  it('works with a plain provider too (provenance is its name)', async () => {
    const list = await resolvePlaylist(`${TRACKS[100]!.id},${TRACKS[0]!.id}`, {
      playlists: trackListSource(),
      features: datasetFeaturesProvider([{ uri: TRACKS[0]!.id, ...TRACKS[0]!.features! }]),
    });
    expect(list.tracks.map((t) => t.provider)).toEqual(['dataset']);
    expect(list.missing).toEqual([{ id: TRACKS[100]!.id, attempts: [{ provider: 'dataset', outcome: 'not-found' }] }]);
  });
});
