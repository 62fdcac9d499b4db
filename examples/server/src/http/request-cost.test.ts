import { describe, expect, it } from 'vitest';
import { requestCost } from './request-cost.js';

describe('requestCost', () => {
  it('assets and probes are free', () => {
    for (const path of ['/assets/app.css', '/healthz', '/readyz', '/metrics']) expect(requestCost('GET', path)).toBe('free');
  });

  it('page views, API reads and cookie-only writes are browsing', () => {
    for (const path of ['/', '/about', '/search', '/admin/retrain/abc', '/api/songs', '/api/me']) expect(requestCost('GET', path)).toBe('browse');
    expect(requestCost('HEAD', '/about')).toBe('browse');
    for (const path of ['/search/add', '/search/remove', '/logout', '/api/logout']) expect(requestCost('POST', path)).toBe('browse');
  });

  it('every other write is costly, including routes nobody listed', () => {
    for (const path of ['/recommend', '/api/recommend', '/login', '/register', '/api/login', '/admin/params', '/admin/retrain', '/api/admin/retrain', '/account/password', '/spotify/save', '/assetsx']) {
      expect(requestCost('POST', path), path).toBe('costly');
    }
    expect(requestCost('DELETE', '/api/me/tokens/1')).toBe('costly');
    expect(requestCost('PUT', '/api/admin/params')).toBe('costly');
  });
});
