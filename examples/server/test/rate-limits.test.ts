import { describe, expect, it } from 'vitest';
import { jsonOf } from './support/json.js';
import { Client, PASSWORD, testApps } from './support/test-app.js';

const app = testApps();

const HOUR = 3_600_000;

/** A costly request that needs no session: a malformed registration (400), counted all the same. */
const costly = (c: Client, init: RequestInit = {}) => c.request('/api/register', { method: 'POST', ...init, headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) }, body: '{}' });
/** The auth limit (10 per 15 minutes) out of the way, so the global ones are what is tested. */
const AUTH_OUT_OF_THE_WAY = { rateLimits: { authPer15Minutes: 10_000 } };

describe('a person browsing (issue 15: the original locked them out within minutes)', () => {
  it('300 page views in an hour, across every kind of page, are never limited', async () => {
    const t = await app();
    const ada = new Client(t.app, '10.0.0.9');
    await ada.signUp('ada');
    const pages = ['/', '/about', '/search', '/search?q=jazz', '/recommend', '/account', '/welcome', '/api/me', '/api/songs?q=rock'];
    for (let i = 0; i < 300; i++) {
      t.clock.advance(12_000); // 300 in an hour, evenly
      const res = await ada.request(pages[i % pages.length]!);
      expect(res.status, `view ${i + 1}: ${pages[i % pages.length]}`).toBe(200);
      expect((await ada.request('/assets/app.css')).status).toBe(200);
    }
    // Searching and building a playlist are part of browsing too.
    for (let i = 0; i < 60; i++) expect((await ada.form('/search/remove', { uri: 'x', q: '' })).status).toBe(303);
  });

  it('a flood of page views (over 120 a minute) waits out the minute; assets and probes never wait', async () => {
    const t = await app();
    const c = new Client(t.app, '10.0.0.1');
    for (let i = 1; i <= 120; i++) {
      const res = await c.request('/about');
      expect(res.status).toBe(200);
      if (i === 1) {
        expect(res.headers.get('ratelimit-policy')).toBe('120;w=60');
        expect(res.headers.get('ratelimit-remaining')).toBe('119');
      }
    }
    t.clock.advance(20_000);
    const limited = await c.request('/api/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect((await jsonOf(limited)).error).toMatchObject({ code: 'ERR_RATE_LIMITED', message: 'too many requests (pages: 120 per minute); try again in 40 s' });
    expect((await new Client(t.app, '10.0.0.2').request('/about')).status).toBe(200);
    expect((await c.request('/healthz')).status).toBe(200);
    expect((await c.request('/assets/app.css')).status).toBe(200);
    t.clock.advance(40_000);
    expect((await c.request('/about')).status).toBe(200);
  });

  it('the 429 page keeps the logged-in navigation', async () => {
    const t = await app({ config: { rateLimits: { pagesPerMinute: 3 } } });
    const ada = new Client(t.app, '10.0.0.8');
    await ada.signUp('ada');
    for (let i = 0; i < 3; i++) expect((await ada.request('/about')).status).toBe(200);
    const limited = await ada.request('/search');
    expect(limited.status).toBe(429);
    const html = await limited.text();
    expect(html).toContain('pages: 3 per minute');
    expect(html).toContain('href="/account">ada</a>');
    expect(html).toContain('Log out');
    expect(html).not.toContain('href="/login"');
  });
});

describe('costly requests per client (the original 50 an hour, 200 a day)', () => {
  it('allows 50 writes an hour, then 429 with Retry-After; page views are not counted', async () => {
    const t = await app({ config: AUTH_OUT_OF_THE_WAY });
    const c = new Client(t.app, '10.0.0.1');
    for (let i = 1; i <= 50; i++) {
      const res = await costly(c);
      expect(res.status).toBe(400);
      if (i === 1) expect(res.headers.get('ratelimit-policy')).toBe('50;w=3600, 200;w=86400, 10000;w=900');
      expect((await c.request('/about')).status).toBe(200);
    }
    t.clock.advance(10 * 60_000);
    const limited = await costly(c);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3000');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect((await jsonOf(limited)).error).toMatchObject({ code: 'ERR_RATE_LIMITED', message: 'too many requests (global-hour: 50 per hour); try again in 3000 s' });
    // Browsing goes on; another client is not affected.
    expect((await c.request('/about')).status).toBe(200);
    expect((await costly(new Client(t.app, '10.0.0.2'))).status).toBe(400);
    t.clock.advance(50 * 60_000);
    expect((await costly(c)).status).toBe(400);
  });

  it('allows 200 a day even when the hourly windows reset', async () => {
    const t = await app({ config: AUTH_OUT_OF_THE_WAY });
    const c = new Client(t.app, '10.0.0.3');
    for (let hour = 0; hour < 4; hour++) {
      for (let i = 0; i < 50; i++) expect((await costly(c)).status).toBe(400);
      t.clock.advance(HOUR);
    }
    const limited = await costly(c);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBe(20 * 3600);
    expect(await limited.text()).toContain('global-day: 200 per day');
  });

  it('ignores X-Forwarded-For unless proxies are trusted', async () => {
    const t = await app({ config: AUTH_OUT_OF_THE_WAY });
    for (let i = 0; i < 50; i++) await costly(new Client(t.app, '10.0.0.4'), { headers: { 'x-forwarded-for': `192.0.2.${i}` } });
    const spoofed = await costly(new Client(t.app, '10.0.0.4'), { headers: { 'x-forwarded-for': '192.0.2.99' } });
    expect(spoofed.status).toBe(429);

    const proxied = await app({ config: { trustProxyHops: 1, ...AUTH_OUT_OF_THE_WAY } });
    const proxy = (client: string) => costly(new Client(proxied.app, '10.9.9.9'), { headers: { 'x-forwarded-for': `203.0.113.7, ${client}` } });
    for (let i = 0; i < 50; i++) expect((await proxy('198.51.100.1')).status).toBe(400);
    expect((await proxy('198.51.100.1')).status).toBe(429);
    expect((await proxy('198.51.100.2')).status).toBe(400); // the rightmost entry is the client the proxy saw
  });
});

describe('login and register limit', () => {
  it('allows 10 attempts per client per 15 minutes', async () => {
    const t = await app();
    const c = new Client(t.app, '10.0.1.1');
    for (let i = 0; i < 10; i++) expect((await c.login(`nobody${i}`, 'Wrong-pass1')).status).toBe(401);
    const limited = await c.login('nobody', 'Wrong-pass1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('900');
    expect((await c.form('/register', { username: 'late', password: PASSWORD })).status).toBe(429);
    t.clock.advance(15 * 60_000);
    expect((await c.login('nobody', 'Wrong-pass1')).status).toBe(401);
  });
});

describe('recommend limit', () => {
  it('allows 5 recommendations per user per minute', async () => {
    const t = await app();
    const ada = new Client(t.app, '10.0.2.1');
    await ada.signUp('ada');
    for (let i = 0; i < 5; i++) expect((await ada.json('/api/recommend', { playlist: { index: 1 }, count: 5 })).status).toBe(200);
    t.clock.advance(20_000);
    const typed = 'https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M';
    const limited = await ada.form('/recommend', { playlist: typed, count: '15' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    // The form again, with what was typed and the refusal beside it (it used to be a bare error page).
    expect(formKept(await limited.text())).toEqual({ problems: ['too many requests (recommend: 5 per minute); try again in 40 s'], playlist: typed, count: '15' });
    // Per user, not per address: a second user behind the same address is fine.
    const bob = new Client(t.app, '10.0.2.1');
    await bob.signUp('bob');
    expect((await bob.json('/api/recommend', { playlist: { index: 1 } })).status).toBe(200);
    t.clock.advance(40_000);
    expect((await ada.json('/api/recommend', { playlist: { index: 1 } })).status).toBe(200);
  });

  it('invalid or failed requests do not use up the 5 a minute', async () => {
    const t = await app();
    const ada = new Client(t.app, '10.0.2.2');
    await ada.signUp('ada');
    for (let i = 0; i < 5; i++) {
      expect((await ada.json('/api/recommend', { playlist: { index: 99 } })).status).toBe(404); // no such playlist
      expect((await ada.json('/api/recommend', { playlist: {} })).status).toBe(400); // malformed
      expect((await ada.form('/recommend', { playlist: 'not a playlist', count: '10' })).status).toBe(400); // the page's form
    }
    for (let i = 0; i < 5; i++) expect((await ada.json('/api/recommend', { playlist: { index: 1 }, count: 5 })).status).toBe(200);
    expect((await ada.json('/api/recommend', { playlist: { index: 1 }, count: 5 })).status).toBe(429);
  });
});

describe('a limited recommend form keeps what was typed', () => {
  it('the per-client hourly limit, hit by the form, shows the form again with the typed tracks', async () => {
    const t = await app({ config: { rateLimits: { globalPerHour: 3 } } });
    const ada = new Client(t.app, '10.0.2.3');
    await ada.signUp('ada'); // costly: registering and logging in, 2 of 3
    expect((await ada.form('/recommend', { playlist: '1', count: '5' })).status).toBe(200); // 3 of 3
    const typed = `${'rock0001XXXXXXXXXXXXXX'}\n${'rock0002XXXXXXXXXXXXXX'}`;
    const limited = await ada.form('/recommend', { playlist: typed, count: '20' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3600');
    expect(formKept(await limited.text())).toEqual({ problems: ['too many requests (global-hour: 3 per hour); try again in 3600 s'], playlist: typed, count: '20' });
    // Elsewhere a 429 is still the plain error page.
    expect(await (await ada.form('/account/password', { current: 'x', next: 'y' })).text()).not.toContain('<textarea');
  });
});

describe('a limited save-to-Spotify form keeps what was typed', () => {
  it('the recommend limit, hit by the save form, shows it again with the typed name and the songs', async () => {
    // Saving exists where people may connect their Spotify accounts (Sign in with Spotify).
    const spotify = { signIn: true, clientId: 'rate-limit-test', tokenKey: Buffer.alloc(32, 5).toString('base64') };
    const t = await app({ config: { rateLimits: { recommendPerMinute: 1 }, spotify } });
    const ada = new Client(t.app, '10.0.2.4');
    await ada.signUp('ada');
    expect((await ada.json('/api/recommend', { playlist: { index: 1 }, count: 5 })).status).toBe(200);
    const tracks = 'rock0001XXXXXXXXXXXXXX rock0002XXXXXXXXXXXXXX';
    const limited = await ada.form('/spotify/save', { name: 'Friday <mix>', tracks });
    expect(limited.status).toBe(429);
    const html = await limited.text();
    expect(html).toContain('<li>too many requests (recommend: 1 per minute); try again in 60 s</li>');
    expect(html).toContain('<input name="name" value="Friday &lt;mix&gt;" maxlength="100" required=""/>');
    expect(html).toContain(`<input type="hidden" name="tracks" value="${tracks}"/>`);
  });
});

/** The recommend form's problems, typed playlist and selected count, from a page. */
function formKept(html: string): { problems: string[]; playlist: string | undefined; count: string | undefined } {
  const problems = [.../<div class="problems" role="alert"><ul>(.*?)<\/ul>/s.exec(html)?.[1]?.matchAll(/<li>(.*?)<\/li>/g) ?? []].map((m) => m[1]!);
  const playlist = /<textarea name="playlist"[^>]*>(.*?)<\/textarea>/s.exec(html)?.[1];
  const count = /<option value="(\d+)" selected="">/.exec(html)?.[1];
  return { problems, playlist, count };
}

describe('switched off (benchmarks)', () => {
  it('counts nothing and sends no RateLimit headers', async () => {
    const t = await app({ config: { rateLimits: { enabled: false } } });
    const c = new Client(t.app);
    await c.signUp('ada');
    for (let i = 0; i < 60; i++) {
      const res = await c.json('/api/recommend', { playlist: { index: 1 }, count: 5 });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
  });
});
