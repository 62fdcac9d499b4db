import { describe, expect, it } from 'vitest';
import { jsonOf } from './support/json.js';
import { Client, PASSWORD, testApps } from './support/test-app.js';

const app = testApps();

const HOUR = 3_600_000;

describe('global limits per client', () => {
  it('allows 50 requests an hour, then 429 with Retry-After and RateLimit headers', async () => {
    const t = await app();
    const c = new Client(t.app, '10.0.0.1');
    for (let i = 1; i <= 50; i++) {
      const res = await c.request('/about');
      expect(res.status).toBe(200);
      if (i === 1) {
        expect(res.headers.get('ratelimit-policy')).toBe('50;w=3600, 200;w=86400');
        expect(res.headers.get('ratelimit-limit')).toBe('50');
        expect(res.headers.get('ratelimit-remaining')).toBe('49');
        expect(res.headers.get('ratelimit-reset')).toBe('3600');
      }
    }
    t.clock.advance(10 * 60_000);
    const limited = await c.request('/api/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3000');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect((await jsonOf(limited)).error).toMatchObject({ code: 'ERR_RATE_LIMITED', message: 'too many requests (global-hour: 50 per hour); try again in 3000 s' });
    // Another client is not affected; probes and assets are never limited.
    expect((await new Client(t.app, '10.0.0.2').request('/about')).status).toBe(200);
    expect((await c.request('/healthz')).status).toBe(200);
    expect((await c.request('/assets/app.css')).status).toBe(200);
    t.clock.advance(50 * 60_000);
    expect((await c.request('/about')).status).toBe(200);
  });

  it('allows 200 requests a day even when the hourly windows reset', async () => {
    const t = await app();
    const c = new Client(t.app, '10.0.0.3');
    for (let hour = 0; hour < 4; hour++) {
      for (let i = 0; i < 50; i++) expect((await c.request('/about')).status).toBe(200);
      t.clock.advance(HOUR);
    }
    const limited = await c.request('/about');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBe(20 * 3600);
    expect((await limited.text())).toContain('global-day: 200 per day');
  });

  it('ignores X-Forwarded-For unless proxies are trusted', async () => {
    const t = await app();
    for (let i = 0; i < 50; i++) await new Client(t.app, '10.0.0.4').request('/about', { headers: { 'x-forwarded-for': `192.0.2.${i}` } });
    const spoofed = await new Client(t.app, '10.0.0.4').request('/about', { headers: { 'x-forwarded-for': '192.0.2.99' } });
    expect(spoofed.status).toBe(429);

    const proxied = await app({ config: { trustProxyHops: 1 } });
    const proxy = (client: string) => new Client(proxied.app, '10.9.9.9').request('/about', { headers: { 'x-forwarded-for': `203.0.113.7, ${client}` } });
    for (let i = 0; i < 50; i++) expect((await proxy('198.51.100.1')).status).toBe(200);
    expect((await proxy('198.51.100.1')).status).toBe(429);
    expect((await proxy('198.51.100.2')).status).toBe(200); // the rightmost entry is the client the proxy saw
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
    const limited = await ada.form('/recommend', { playlist: '1', count: '5' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(await limited.text()).toContain('recommend: 5 per minute');
    // Per user, not per address: a second user behind the same address is fine.
    const bob = new Client(t.app, '10.0.2.1');
    await bob.signUp('bob');
    expect((await bob.json('/api/recommend', { playlist: { index: 1 } })).status).toBe(200);
    t.clock.advance(40_000);
    expect((await ada.json('/api/recommend', { playlist: { index: 1 } })).status).toBe(200);
  });
});

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
