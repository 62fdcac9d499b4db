/**
 * A bare 22-character id typed in the recommend box: Spotify uses that form for tracks and
 * playlists alike. The server reads it as a song when its songs base has one with that id,
 * otherwise as a Spotify playlist, otherwise as a track for the other features providers — and
 * the page says which it took. Spotify is `@msr/spotify/testing`'s fake on 127.0.0.1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFakeSpotify } from '../../../packages/spotify/test/support/fake.js';
import { makeCatalog, trackId } from './support/catalog.js';
import { Client, testApps, type TestApp, type TestAppOptions } from './support/test-app.js';

const APP = { clientId: 'msr-server-test', clientSecret: 'not-a-real-secret', extendedAccess: false };
const OWN = '1AliceJazzPlaylist0000';
const jazz = makeCatalog().filter((s) => s.genre === 'jazz');

const fake = useFakeSpotify(() => ({
  tracks: jazz.map((s) => ({ id: s.uri, name: s.name, artist: s.artist, genre: 'jazz' })),
  playlists: [{ id: OWN, name: 'jazz on spotify', ownerId: 'alice', entries: [0, 1, 2, 3].map((i) => trackId('jazz', i)) }],
  apps: [APP],
}));
const app = testApps();

async function userOf(options: TestAppOptions): Promise<{ t: TestApp; user: Client }> {
  const t = await app(options);
  const user = new Client(t.app);
  await user.signUp('ada');
  return { t, user };
}

const withSpotify = (): TestAppOptions => {
  const { refreshToken } = fake().issueUserToken('alice', { clientId: APP.clientId, refresh: true });
  return { config: { spotify: { clientId: APP.clientId, refreshToken: refreshToken!, apiBaseUrl: fake().apiBaseUrl, accountsBaseUrl: fake().accountsBaseUrl } } };
};

const readAs = (html: string): string | undefined => /<p id="read-as" class="hint">([^<]*)<\/p>/.exec(html)?.[1];

async function loggedRefs(t: TestApp): Promise<string[]> {
  await t.recommendations.flush();
  return (await t.db.execute('SELECT playlist_ref FROM recommendations ORDER BY id')).rows.map((r) => String(r['playlist_ref']));
}

describe('a bare id in the recommend box', () => {
  it('without Spotify access: a song of the catalog is read as that one track, and the page says so', async () => {
    const { t, user } = await userOf({});
    const id = trackId('rock', 1);
    const res = await user.form('/recommend', { playlist: ` ${id} `, count: '5' });
    const html = await res.text();
    expect(res.status, html.slice(0, 2000)).toBe(200);
    expect(readAs(html)).toBe(`“${id}” is a song in this server&#39;s catalog, so it was read as one track. For a Spotify playlist with that id, paste its link instead.`);
    expect(html).toContain('<dd id="genre">rock</dd>');
    // Its own track is never recommended back.
    expect(html).not.toContain(`/track/${id}"`);
    expect(await loggedRefs(t)).toEqual(['tracks:1']);
  });

  it('with Spotify access: a catalog song is read locally (no playlist lookup); a playlist id is read as the playlist', async () => {
    const { t, user } = await userOf(withSpotify());
    const song = await user.form('/recommend', { playlist: trackId('jazz', 5), count: '5' });
    expect(song.status).toBe(200);
    expect(readAs(await song.text())).toContain('is a song in this server&#39;s catalog, so it was read as one track');
    expect(fake().requests('spotify-api', '/playlists/')).toHaveLength(0);

    const playlist = await user.form('/recommend', { playlist: OWN, count: '5' });
    const html = await playlist.text();
    expect(playlist.status).toBe(200);
    expect(readAs(html)).toBe(`“${OWN}” was read as a Spotify playlist id.`);
    expect(html).toContain('jazz on spotify — 4 tracks');
    expect(await loggedRefs(t)).toEqual(['tracks:1', `spotify:${OWN}`]);
  });

  it('an id that is no playlist but a track another features provider knows is read as that track', async () => {
    const t0 = await app({});
    // One row of the Kaggle-layout dataset under a new id: a song the songs base does not have.
    const [header, ...rows] = readFileSync(t0.config.paths.dataset, 'utf8').split('\n');
    const row = rows.find((r) => r !== '' && !r.includes('"'));
    const columns = header!.split(',');
    const cells = row!.split(',');
    const fresh = 'NewSongFromCsv00000000';
    cells[columns.indexOf('track_id')] = fresh;
    const extra = join(t0.dir, 'extra.csv');
    writeFileSync(extra, `${header}\n${cells.join(',')}\n`);
    const linked = withSpotify();
    const { user } = await userOf({ config: { ...linked.config, features: { csv: [extra] } } });
    const res = await user.form('/recommend', { playlist: fresh, count: '5' });
    const html = await res.text();
    expect(res.status, html.slice(0, 3000)).toBe(200);
    expect(readAs(html)).toBe(`“${fresh}” is not a playlist this server can read, so it was read as one track.`);
  });

  it('an id nobody knows: 404 beside the form, saying both readings failed, with the typed id kept', async () => {
    const { user } = await userOf({});
    const unknown = '0000000000000000000000';
    const res = await user.form('/recommend', { playlist: unknown, count: '5' });
    const html = await res.text();
    expect(res.status).toBe(404);
    expect(html).toContain(`“${unknown}” is not a song this server has audio features for, and this server has no Spotify access configured to read it as a playlist`);
    expect(html).toMatch(new RegExp(`<textarea name="playlist"[^>]*>${unknown}</textarea>`));

    const { user: linked } = await userOf(withSpotify());
    const missing = await linked.form('/recommend', { playlist: '3NoSuchPlaylist0000000', count: '5' });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('“3NoSuchPlaylist0000000” is not a song this server has audio features for, and as a playlist: ');
  });
});
