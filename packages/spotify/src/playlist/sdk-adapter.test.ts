import { SpotifyApi } from '@spotify/web-api-ts-sdk';
import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../test/support/fake.js';
import { DEV_APP, FOREIGN_PLAYLIST, OWN_PLAYLIST, PLAYLISTS, TRACKS } from '../../test/support/catalog.js';
import { PlaylistAccessDenied } from '../errors/access-errors.js';
import { TokenRequestError } from '../errors/spotify-error.js';
import { parsePlaylistReference } from './playlist-reference.js';
import { playlistSourceFromSdk, sdkTokenProvider } from './sdk-adapter.js';

const fake = useFakeSpotify(() => ({ tracks: TRACKS, playlists: PLAYLISTS, apps: [DEV_APP] }));

/**
 * A real `@spotify/web-api-ts-sdk` instance holding a user token (as a web app that signed the
 * user in with the SDK would). The SDK hard-codes https://api.spotify.com, so its own requests
 * are pointed at the fake through its `fetch` option — used here only to show that the adapter
 * never makes the SDK send a request.
 */
function sdkFor(userId: string) {
  const issued = fake().issueUserToken(userId, { clientId: DEV_APP.clientId });
  const sdkRequests: string[] = [];
  const sdk = SpotifyApi.withAccessToken(
    DEV_APP.clientId,
    { access_token: issued.accessToken, token_type: 'Bearer', expires_in: 3600, refresh_token: issued.refreshToken ?? '', expires: issued.expiresAt },
    {
      fetch: (req, init) => {
        sdkRequests.push(String(req));
        return fetch(String(req).replace('https://api.spotify.com/v1', fake().apiBaseUrl), init);
      },
    },
  );
  return { sdk, sdkRequests };
}

describe('playlistSourceFromSdk', () => {
  it("loads the user's playlist with the SDK's token through our client (/items, 50 a page)", async () => {
    const { sdk, sdkRequests } = sdkFor('alice');
    const source = playlistSourceFromSdk(sdk, { apiBaseUrl: fake().apiBaseUrl });
    const before = fake().requests('spotify-api', `/playlists/${OWN_PLAYLIST}/items`).length;
    const playlist = await source.load(parsePlaylistReference(`https://open.spotify.com/playlist/${OWN_PLAYLIST}`));
    expect(playlist.source).toBe('spotify-sdk');
    expect(playlist.name).toBe('Mine');
    expect(playlist.tracks).toHaveLength(118);
    expect(fake().requests('spotify-api', `/playlists/${OWN_PLAYLIST}/items`).length - before).toBe(3);
    expect(sdkRequests).toEqual([]);
  });

  it('reports the 2026 refusal for a foreign playlist as PlaylistAccessDenied', async () => {
    const { sdk } = sdkFor('alice');
    const source = playlistSourceFromSdk(sdk, { apiBaseUrl: fake().apiBaseUrl });
    await expect(source.load({ kind: 'spotify', id: FOREIGN_PLAYLIST })).rejects.toBeInstanceOf(PlaylistAccessDenied);
  });

  it('the SDK on its own still calls the removed /tracks endpoint (why only its token is used)', async () => {
    const { sdk, sdkRequests } = sdkFor('alice');
    await expect(sdk.playlists.getPlaylistItems(OWN_PLAYLIST)).rejects.toThrow(/404/);
    expect(sdkRequests).toEqual([`https://api.spotify.com/v1/playlists/${OWN_PLAYLIST}/tracks`]);
  });

  it('says the user is not signed in when the SDK holds no token', async () => {
    const { sdk } = sdkFor('alice');
    sdk.logOut();
    const provider = sdkTokenProvider(sdk);
    expect(provider.kind).toBe('user');
    await expect(provider.getToken()).rejects.toBeInstanceOf(TokenRequestError);
    expect(() => sdkTokenProvider({} as never)).toThrow(/SpotifyApi instance/);
  });
});
