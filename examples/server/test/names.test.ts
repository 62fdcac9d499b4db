import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf } from './support/json.js';
import { makeTestAppWithUser, type Client, type TestApp } from './support/test-app.js';

/** The test dataset is Kaggle-shaped with names; its edm album is `<script>alert("edm")</script> & <b>co</b>`. */
const EDM_ALBUM = '<script>alert("edm")</script> & <b>co</b>';

let t: TestApp;
let user: Client;
beforeEach(async () => void ({ t, user } = await makeTestAppWithUser()));
afterEach(async () => t.close());

describe('names end to end (dataset → songs base → bundle → recommend → server)', () => {
  it('POST /api/recommend returns title, artists, album, popularity, duration, explicit, a label and the Spotify link on each song', async () => {
    const body = await jsonOf(await user.json('/api/recommend', { playlist: { index: 2 }, count: 5 }));
    expect(body.genre).toBe('edm');
    for (const song of body.songs) {
      const id = song.uri as string;
      const own = t.catalog.find((c) => c.uri === id)!;
      expect(song).toMatchObject({
        name: own.name,
        artist: own.artist,
        album: EDM_ALBUM,
        popularity: expect.any(Number),
        durationMs: 200_000,
        explicit: false,
        label: `${own.name} — ${own.artist} · ${EDM_ALBUM}`,
        spotifyUrl: `https://open.spotify.com/track/${id}`,
      });
    }
  });

  it('the results page shows "title — artists · album" with an "Open in Spotify" link, names holding HTML escaped', async () => {
    const res = await user.form('/recommend', { playlist: '2', count: '5' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>co</b>');
    const items = [...html.matchAll(/<span class="song"><span class="title">([^<]*)<\/span><span class="artist"> — ([^<]*)<\/span><span class="album"> · ([^<]*)<\/span> <a class="open" href="(https:\/\/open\.spotify\.com\/track\/[0-9A-Za-z]{22})"/g)];
    expect(items).toHaveLength(5);
    for (const [, title, artist, album, href] of items) {
      const own = t.catalog.find((c) => href!.endsWith(c.uri))!;
      expect([title, artist]).toEqual([own.name, own.artist]);
      expect(album).toBe('&lt;script&gt;alert(&quot;edm&quot;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;');
    }
  });
});
