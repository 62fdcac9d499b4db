import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf } from './support/json.js';
import { Client, makeTestAppWithUser, type TestApp } from './support/test-app.js';
import { trackId } from './support/catalog.js';

let t: TestApp;
let user: Client;
beforeEach(async () => void ({ t, user } = await makeTestAppWithUser()));
afterEach(async () => t.close());

/** Follows a 303 the way a browser does: GET the Location with the cookies the client holds. */
async function follow(res: Response): Promise<Response> {
  expect(res.status).toBe(303);
  return user.request(res.headers.get('location')!);
}

describe('GET /api/songs', () => {
  it('finds songs by title and artist, case- and accent-insensitively, exact first, with names and links', async () => {
    const body = await jsonOf(await user.request('/api/songs?q=JAZZ%20SONG%201'));
    expect(body.query).toBe('JAZZ SONG 1');
    expect(body.songs[0]).toMatchObject({ uri: trackId('jazz', 1), name: 'jazz song 1', genre: 'jazz', match: 'exact', field: 'title', spotifyUrl: `https://open.spotify.com/track/${trackId('jazz', 1)}` });
    expect(body.songs.slice(1).every((s: { match: string }) => s.match === 'prefix')).toBe(true); // jazz song 10…19
    const accents = await jsonOf(await user.request(`/api/songs?q=${encodeURIComponent('Jázz ártist 2')}&limit=3`));
    expect(accents.songs).toHaveLength(3);
    expect(accents.songs.every((s: { artist: string; field: string }) => s.artist === 'jazz artist 2' && s.field === 'artist')).toBe(true);
  });

  it('refuses a 10 KB query and control characters with a typed error, and a bad limit', async () => {
    const long = await user.request(`/api/songs?q=${'a'.repeat(10_240)}`);
    expect(long.status).toBe(400);
    expect((await jsonOf(long)).error).toMatchObject({ code: 'ERR_QUERY_TOO_LONG' });
    const control = await user.request('/api/songs?q=jazz%00%01');
    expect(control.status).toBe(400);
    expect((await jsonOf(control)).error.code).toBe('ERR_QUERY_CONTROL_CHARACTER');
    expect((await user.request('/api/songs?q=jazz&limit=1000')).status).toBe(400);
    expect((await new Client(t.app).request('/api/songs?q=jazz')).status).toBe(401);
  });
});

describe('the search page (no JavaScript)', () => {
  it('search → add songs to the session playlist → remove one → recommendations by name', async () => {
    const found = await (await user.request('/search?q=rock+song+1')).text();
    expect(found).toContain('<span class="title">rock song 1</span>');
    for (const i of [1, 2, 3]) {
      const page = await (await follow(await user.form('/search/add', { uri: trackId('rock', i), q: 'rock song 1' }))).text();
      expect(page).toContain(`Your playlist (${i} of 50)`);
    }
    await follow(await user.form('/search/add', { uri: trackId('rock', 2), q: '' })); // twice: kept once
    const afterRemove = await (await follow(await user.form('/search/remove', { uri: trackId('rock', 3), q: '' }))).text();
    expect(afterRemove).toContain('Your playlist (2 of 50)');
    const hidden = /<input type="hidden" name="playlist" value="([^"]+)"/.exec(afterRemove)![1];
    expect(hidden).toBe(`spotify:track:${trackId('rock', 1)} spotify:track:${trackId('rock', 2)}`);
    const results = await (await user.form('/recommend', { playlist: hidden!, count: '5' })).text();
    expect(results).toContain('<dd id="genre">rock</dd>');
    expect(results.match(/<span class="title">rock song \d+<\/span>/g)).toHaveLength(5);
  });

  it('says in words what is wrong with a query, an unknown song or a full playlist', async () => {
    const long = await user.request(`/search?q=${'a'.repeat(300)}`);
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('That search is too long: type at most 200 characters');
    const unknown = await user.form('/search/add', { uri: '0000000000000000000000', q: '' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('That song is not in the catalog');
    user.cookie = `${user.cookie}; msr_playlist=${Array.from({ length: 50 }, (_, i) => trackId('edm', i)).join('.')}`;
    const full = await user.form('/search/add', { uri: trackId('jazz', 1), q: '' });
    expect(full.status).toBe(409);
    expect(await full.text()).toContain('Your playlist is full: it holds at most 50 songs');
  });
});
