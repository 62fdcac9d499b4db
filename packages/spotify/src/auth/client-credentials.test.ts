import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../test/support/fake.js';
import { DEV_APP, EXTENDED_APP, TRACKS } from '../../test/support/catalog.js';
import { createSpotifyClient } from '../client/spotify-client.js';
import { wirePlaylist } from '../client/wire-schemas.js';
import { TokenRequestError } from '../errors/spotify-error.js';
import { clientCredentialsToken } from './client-credentials.js';
import { staticToken } from './token-provider.js';
import { searchTracks } from '../client/search-tracks.js';

let now = Date.UTC(2026, 3, 1);
const clock = () => now;
const fake = useFakeSpotify(() => ({ tracks: TRACKS, apps: [DEV_APP, EXTENDED_APP], now: clock, tokenTtlSeconds: 3600 }));

describe('clientCredentialsToken', () => {
  it('fetches one token, caches it, and renews it a margin before expiry', async () => {
    const token = clientCredentialsToken({ ...DEV_APP, accountsBaseUrl: fake().accountsBaseUrl, now: clock });
    const client = createSpotifyClient({ token, apiBaseUrl: fake().apiBaseUrl, now: clock });
    const before = fake().requests('spotify-accounts').length;
    // Concurrent first calls share one token request (single flight).
    await Promise.all([1, 2, 3].map(() => searchTracks(client, { query: 'genre:"pop"', limit: 3 })));
    expect(fake().requests('spotify-accounts').length - before).toBe(1);
    now += 3540_000 - 1; // 1 ms before the 60 s margin
    await searchTracks(client, { query: 'genre:"pop"', limit: 1 });
    expect(fake().requests('spotify-accounts').length - before).toBe(1);
    now += 2; // inside the margin: renewed before the server would refuse it
    await searchTracks(client, { query: 'genre:"pop"', limit: 1 });
    expect(fake().requests('spotify-accounts').length - before).toBe(2);
    expect(fake().requests('spotify-api').every((e) => e.status === 200)).toBe(true);
  });

  it('recovers from a token the server revoked early with one refresh-and-retry on 401', async () => {
    const token = clientCredentialsToken({ ...DEV_APP, accountsBaseUrl: fake().accountsBaseUrl, now: clock });
    const client = createSpotifyClient({ token, apiBaseUrl: fake().apiBaseUrl, now: clock });
    await searchTracks(client, { query: 'genre:"rock"', limit: 1 });
    fake().expireAllTokens(); // the client still believes its token is valid
    const start = fake().exchanges.length;
    const tracks = await searchTracks(client, { query: 'genre:"rock"', limit: 2 });
    expect(tracks).toHaveLength(2);
    const seen = fake().exchanges.slice(start).map((e) => `${e.service} ${e.status}`);
    expect(seen).toEqual(['spotify-api 401', 'spotify-accounts 200', 'spotify-api 200']);
  });

  it('retries a 401 only once', async () => {
    const token = clientCredentialsToken({ ...DEV_APP, accountsBaseUrl: fake().accountsBaseUrl, now: clock });
    const client = createSpotifyClient({ token, apiBaseUrl: fake().apiBaseUrl, now: clock });
    fake().fail({ service: 'spotify-api', path: '/search', status: 401, times: 2 });
    await expect(searchTracks(client, { query: 'genre:"rock"', limit: 1 })).rejects.toMatchObject({ status: 401 });
    expect(fake().requests('spotify-api', '/search').slice(-2).map((e) => e.status)).toEqual([401, 401]);
  });

  it('does not retry a 401 for a static token (it cannot be renewed)', async () => {
    const client = createSpotifyClient({ token: staticToken('not-a-token'), apiBaseUrl: fake().apiBaseUrl });
    const start = fake().exchanges.length;
    await expect(client.get('/playlists/x', { schema: wirePlaylist })).rejects.toMatchObject({ status: 401, detail: 'Invalid access token' });
    expect(fake().exchanges.length - start).toBe(1);
  });

  it('reports a refused grant as TokenRequestError with the OAuth error', async () => {
    const token = clientCredentialsToken({ clientId: DEV_APP.clientId, clientSecret: 'wrong', accountsBaseUrl: fake().accountsBaseUrl });
    const error = await token.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).oauthError).toBe('invalid_client');
    expect((error as TokenRequestError).message).toMatch(/refused the client_credentials grant \(400: invalid_client: Invalid client secret\)/);
  });

  it('checks its options when built', () => {
    expect(() => clientCredentialsToken({ clientId: '', clientSecret: 'x' })).toThrow(/clientId/);
    expect(() => clientCredentialsToken({ clientId: 'x', clientSecret: '' })).toThrow(/clientSecret/);
  });
});
