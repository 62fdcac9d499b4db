import { describe, expect, it } from 'vitest';
import { localNext } from './login-redirect.js';

describe('localNext', () => {
  it('keeps a path on this site, with its query', () => {
    expect(localNext('/recommend')).toBe('/recommend');
    expect(localNext('/search?q=jazz%20song')).toBe('/search?q=jazz%20song');
  });

  it('drops anything that could leave the site or is not a path', () => {
    for (const bad of [undefined, '', 'recommend', '//evil.example/x', '/\\evil.example', 'https://evil.example/', '/a\nb', `/${'a'.repeat(600)}`]) expect(localNext(bad), String(bad)).toBeUndefined();
  });
});
