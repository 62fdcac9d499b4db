/**
 * A server a person can browse (issue 15, item 5), over HTTP: the way back after logging in,
 * registering straight into the search page, the playlist cookie gone at logout, "why this song"
 * on the results page, admin pages in words without server file paths.
 */
import { describe, expect, it } from 'vitest';
import { PLAYLIST_COOKIE } from '../src/http/playlist-cookie.js';
import { trackId } from './support/catalog.js';
import { jsonOf } from './support/json.js';
import { ADMIN, Client, PASSWORD, testApps } from './support/test-app.js';

const app = testApps();

/** A visitor with an account who has logged out, on a fresh app. */
async function adaLoggedOut(): Promise<Client> {
  const ada = new Client((await app()).app);
  await ada.signUp('ada');
  await ada.form('/logout', {});
  return ada;
}

describe('logged out, on the way to recommendations', () => {
  it('/recommend sends the visitor to log in, and the login brings them back', async () => {
    const ada = await adaLoggedOut();
    const away = await ada.request('/recommend');
    expect(away.status).toBe(303);
    expect(away.headers.get('location')).toBe('/login?next=%2Frecommend');
    const login = await ada.request('/login?next=%2Frecommend');
    expect(await login.text()).toContain('<input type="hidden" name="next" value="/recommend"');
    const back = await ada.form('/login', { username: 'ada', password: PASSWORD, next: '/recommend' });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/recommend');
    expect((await ada.request('/recommend')).status).toBe(200);
  });

  it('/search keeps its query through the login', async () => {
    const t = await app();
    const away = await new Client(t.app).request('/search?q=jazz%20song');
    expect(away.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/search?q=jazz%20song')}`);
  });

  it('the 401 page’s "Log in" link brings the visitor back to the page they asked for', async () => {
    const ada = await adaLoggedOut();
    const page = await ada.request('/welcome');
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('<a href="/login?next=%2Fwelcome">Log in</a>');
    const back = await ada.form('/login', { username: 'ada', password: PASSWORD, next: '/welcome' });
    expect(back.headers.get('location')).toBe('/welcome');
    expect((await ada.request('/welcome')).status).toBe(200);
  });

  it('a next that leaves the site is ignored', async () => {
    const t = await app();
    const ada = new Client(t.app);
    await ada.signUp('ada');
    for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const res = await ada.form('/login', { username: 'ada', password: PASSWORD, next });
      expect(res.headers.get('location'), next).toBe('/welcome');
    }
    const page = await ada.request(`/login?next=${encodeURIComponent('//evil.example/')}`);
    expect(await page.text()).not.toContain('evil.example');
  });

  it('registering logs the person in and takes them on: to the search page, or where they were going', async () => {
    const t = await app();
    const first = new Client(t.app);
    const reg = await first.form('/register', { username: 'newbie', password: PASSWORD });
    expect(reg.headers.get('location')).toBe('/search');
    expect((await first.request('/search')).status).toBe(200);
    const second = new Client(t.app);
    expect(await (await second.request('/register?next=%2Frecommend')).text()).toContain('name="next" value="/recommend"');
    const on = await second.form('/register', { username: 'another', password: PASSWORD, next: '/recommend' });
    expect(on.headers.get('location')).toBe('/recommend');
    expect((await second.request('/recommend')).status).toBe(200);
    // A failed registration keeps the way on.
    const bad = await new Client(t.app).form('/register', { username: 'weak', password: 'short', next: '/recommend' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('name="next" value="/recommend"');
  });

  it('the home page lets a first-time visitor register at once, on to the search page', async () => {
    const t = await app();
    const html = await (await new Client(t.app).request('/')).text();
    expect(html).toMatch(/<form method="post" action="\/register" class="register"><input type="hidden" name="next" value="\/search"/);
  });
});

describe('logging out', () => {
  it('clears the playlist built on the search page', async () => {
    const t = await app();
    const ada = new Client(t.app);
    await ada.signUp('ada');
    await ada.form('/search/add', { uri: trackId('jazz', 1), q: '' });
    expect(ada.cookie).toContain(`${PLAYLIST_COOKIE}=`);
    const out = await ada.form('/logout', {});
    expect(out.headers.getSetCookie().some((c) => c.startsWith(`${PLAYLIST_COOKIE}=;`) && /Max-Age=0/i.test(c))).toBe(true);
    expect(ada.cookie ?? '').not.toContain(PLAYLIST_COOKIE);
    // The API's logout too.
    await ada.login('ada', PASSWORD);
    await ada.form('/search/add', { uri: trackId('jazz', 2), q: '' });
    await ada.json('/api/logout', {});
    expect(ada.cookie ?? '').not.toContain(PLAYLIST_COOKIE);
  });
});

describe('why this song (item 4)', () => {
  it('each result shows its genre, its score and an SVG of its features beside the playlist’s mean; genres as a bar chart', async () => {
    const t = await app();
    const ada = new Client(t.app);
    await ada.signUp('ada');
    const uris = [1, 2, 3].map((i) => trackId('jazz', i));
    const res = await ada.form('/recommend', { playlist: uris.join(' '), count: '5' });
    expect(res.status).toBe(200);
    const html = await res.text();
    const items = html.split('<li>').slice(1).filter((li) => li.includes('class="result-text"'));
    expect(items).toHaveLength(5);
    for (const [i, li] of items.entries()) {
      expect(li).toMatch(/<span class="genre">jazz<\/span> · score <span class="score">\d\.\d{3}<\/span>/);
      expect(li).toContain(`<svg xmlns="http://www.w3.org/2000/svg" class="why-chart"`);
      expect(li).toContain(`aria-labelledby="why-${i + 1}-title why-${i + 1}-desc"`);
    }
    // The description states the song's values beside the playlist's mean, from the catalog.
    const firstUri = /open\.spotify\.com\/track\/([0-9A-Za-z]{22})/.exec(items[0]!)![1]!;
    const song = t.catalog.find((s) => s.uri === firstUri)!;
    const mean = (name: 'energy' | 'tempo') => uris.reduce((sum, u) => sum + t.catalog.find((s) => s.uri === u)!.features[name], 0) / uris.length;
    expect(items[0]).toContain(`energy ${song.features.energy.toFixed(2)} (your playlist ${mean('energy').toFixed(2)})`);
    expect(items[0]).toContain(`tempo ${song.features.tempo.toFixed(0)} BPM (your playlist ${mean('tempo').toFixed(0)} BPM)`);
    // Genre probabilities: a bar chart (one bar per genre), not a list.
    const chart = /<figure id="genre-probabilities"[^>]*>([\s\S]*?)<\/figure>/.exec(html)![1]!;
    expect(chart.match(/<rect class="bar"/g)).toHaveLength(4);
    expect(chart).toMatch(/<desc id="genre-chart-desc">jazz \d+%, /);
    expect(html).not.toContain('<summary>Genre probabilities</summary>');
  });
});

/**
 * A test app whose scheduled feed task names server paths: its summary's `archivedTo`, and, once
 * `failNext()` is called, its error (an ENOENT for a file under the app's directory); with the admin logged in.
 */
async function appWithFeedTask() {
  let fail = false;
  const t = await app({
    task: async () => {
      if (fail) throw new Error(`ENOENT: no such file or directory, open '${t.dir}/inputs/new/songs.csv'`);
      return { jobId: '0123456789abcdef', branch: 'feed', added: 5, baseBefore: 300, baseAfter: 305, growth: 0.0167, retrained: false, archivedTo: `${t.dir}/pipeline/archive/base.csv` };
    },
  });
  const admin = new Client(t.app);
  await admin.login(ADMIN.username, ADMIN.password);
  const failNext = (): void => {
    fail = true;
  };
  return { t, admin, failNext };
}

describe('admin pages in words', () => {
  it('scheduler runs: summaries as sentences, errors without server file paths', async () => {
    const { t, admin, failNext } = await appWithFeedTask();
    await admin.form('/admin/scheduler/run', {});
    await t.scheduler.idle();
    failNext();
    await admin.form('/admin/scheduler/run', {});
    await t.scheduler.idle();
    const html = await (await admin.request('/admin/scheduler')).text();
    expect(html).toContain('Feed job 01234567. Added 5 new songs (songs base 300 → 305, 1.7% since the last training); no retrain was needed.');
    expect(html).toContain("ENOENT: no such file or directory, open &#39;songs.csv&#39;");
    expect(html).not.toContain(t.dir);
    expect(html).not.toContain('&quot;');
  });

  it('a retrain job: the result in sentences and a table, no JSON, no file path', async () => {
    const t = await app();
    const admin = new Client(t.app);
    await admin.login(ADMIN.username, ADMIN.password);
    const started = await admin.form('/admin/retrain', {});
    const path = started.headers.get('location')!;
    let html = '';
    for (let i = 0; i < 600 && !/id="job-status" class="status (succeeded|failed)"/.test(html); i++) {
      await new Promise((r) => setTimeout(r, 100));
      html = await (await admin.request(path)).text();
    }
    expect(html).toMatch(/id="job-status" class="status succeeded"/);
    expect(html).toMatch(/<div id="job-result"><p>(Ran \d+ stages? \(|Every stage was up to date)/);
    expect(html).toMatch(/It produced model [0-9a-f]+\./);
    expect(html).toContain('<th scope="row"><code>GradientBoostingClassifier.learning_rate</code></th>');
    expect(html).not.toContain('<pre');
    expect(html).not.toContain(t.dir);
    expect(html).not.toContain('bundle.json');
  });
});

describe('the admin API without server file paths', () => {
  it('retrain jobs name their bundle by version; job and scheduler errors carry file names, not paths', async () => {
    const { t, admin, failNext } = await appWithFeedTask();
    // Every admin API answer this test reads, checked for the server's directory anywhere in it.
    const read = async (res: Response): Promise<any> => {
      const text = await res.text();
      expect(text, `${res.url} ${text}`).not.toContain(t.dir);
      return JSON.parse(text);
    };
    const started = await admin.json('/api/admin/retrain', {});
    expect(started.status).toBe(202);
    const { job } = await read(started);
    let done: any = job;
    for (let i = 0; i < 600 && done.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      done = (await read(await admin.request(`/api/admin/retrain/${job.id}`))).job;
    }
    expect(done.status, JSON.stringify(done)).toBe('succeeded');
    expect(done.result.bundle.version).toMatch(/^[0-9a-f]{16}$/);
    expect(done.result.bundle).not.toHaveProperty('path');
    const { jobs } = await read(await admin.request('/api/admin/retrain'));
    expect(jobs.map((j: { id: string }) => j.id)).toContain(job.id);

    await read(await admin.json('/api/admin/scheduler/run', {}));
    await t.scheduler.idle();
    failNext();
    await read(await admin.json('/api/admin/scheduler/run', {}));
    await t.scheduler.idle();
    const { runs } = await read(await admin.request('/api/admin/scheduler'));
    expect(runs.map((r: { error?: string }) => r.error)).toContain("ENOENT: no such file or directory, open 'songs.csv'");
    expect(runs.map((r: { summary?: { archivedTo?: string } }) => r.summary?.archivedTo)).toContain('base.csv');
    await read(await admin.request('/api/admin/monitoring?range=1h'));
    await read(await admin.request('/api/admin/models'));
    // The stored job keeps the path the hot swap needs; only what reaches the client loses it.
    expect(JSON.stringify(await t.retrain.get(job.id))).toContain(t.dir);
  });
});
