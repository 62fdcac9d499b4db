import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonOf } from './support/json.js';
import { makeTestAppWithUser, type Client, type TestApp } from './support/test-app.js';

let t: TestApp;
let user: Client;
beforeEach(async () => void ({ t, user } = await makeTestAppWithUser()));
afterEach(async () => t.close());

describe('no message that reaches a client holds a server file path', () => {
  it('a playlist number past the collection: 404 in the person’s terms, on the API and the page', async () => {
    const api = await user.json('/api/recommend', { playlist: { index: 99 } });
    expect(api.status).toBe(404);
    const { error } = await jsonOf(api);
    expect(error).toMatchObject({ code: 'ERR_PLAYLIST_NOT_FOUND', message: "there is no playlist number 99 in this server's collection; numbers start at 1" });
    const page = await user.form('/recommend', { playlist: '99', count: '10' });
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).toContain('there is no playlist number 99');
    expect(html).not.toContain(t.dir);
    expect(html).not.toContain('playlists.json');
  });

  it('a playlists file gone while serving is a server fault (500), and its path stays in the log', async () => {
    rmSync(t.config.paths.playlists!, { force: true });
    const api = await user.json('/api/recommend', { playlist: { index: 1 } });
    const body = JSON.stringify(await jsonOf(api));
    expect(body).not.toContain(t.dir);
    expect(body).not.toContain('playlists.json');
    expect(api.status).toBe(500);
    expect(JSON.stringify(t.logger.records)).toContain('playlists.json');
  });
});
