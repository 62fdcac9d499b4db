import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../config/config.js';
import { parseTokenKey, TokenCipher, TokenCipherError } from './token-cipher.js';

const key = Buffer.alloc(32, 1);

describe('TokenCipher (AES-256-GCM)', () => {
  it('opens what it sealed, with a fresh IV each time', () => {
    const cipher = new TokenCipher(key);
    const a = cipher.seal('{"accessToken":"secret"}', 'user-1');
    const b = cipher.seal('{"accessToken":"secret"}', 'user-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret');
    expect(cipher.open(a, 'user-1')).toBe('{"accessToken":"secret"}');
  });

  it("refuses another row's value, another key and an altered value", () => {
    const cipher = new TokenCipher(key);
    const sealed = cipher.seal('tokens', 'user-1');
    expect(() => cipher.open(sealed, 'user-2')).toThrow(TokenCipherError);
    expect(() => new TokenCipher(Buffer.alloc(32, 2)).open(sealed, 'user-1')).toThrow(/does not open with the configured key/);
    const [v, iv, body] = sealed.split('.');
    const flipped = `${v}.${iv}.${body!.slice(0, -2)}${body!.endsWith('A') ? 'B' : 'A'}${body!.slice(-1)}`;
    expect(() => cipher.open(flipped, 'user-1')).toThrow(TokenCipherError);
    expect(() => cipher.open('plain', 'user-1')).toThrow(/unknown format/);
  });

  it('parses a base64 or base64url key of 32 bytes and says what is wrong with others', () => {
    expect(parseTokenKey(key.toString('base64'))).toEqual({ key });
    expect(parseTokenKey(Buffer.alloc(32, 255).toString('base64url'))).toEqual({ key: Buffer.alloc(32, 255) });
    expect(parseTokenKey('c2hvcnQ=')).toEqual({ problem: 'must decode to 32 bytes (AES-256), got 5' });
    expect(parseTokenKey('not base64!')).toMatchObject({ problem: expect.stringContaining('must be base64') });
  });
});

describe('spotify.signIn configuration', () => {
  const env = { MSR_SPOTIFY_SIGN_IN: 'true', MSR_SPOTIFY_CLIENT_ID: 'app' };
  it('needs a token key, and a usable one', () => {
    expect(() => loadServerConfig({ env })).toThrow(/^spotify\.signIn from environment variable MSR_SPOTIFY_SIGN_IN: Spotify sign-in needs tokenKey \(MSR_SPOTIFY_TOKEN_KEY\)/);
    expect(() => loadServerConfig({ env: { ...env, MSR_SPOTIFY_TOKEN_KEY: 'c2hvcnQ=' } })).toThrow('tokenKey (MSR_SPOTIFY_TOKEN_KEY) must decode to 32 bytes (AES-256), got 5');
    expect(() => loadServerConfig({ env: { MSR_SPOTIFY_SIGN_IN: 'true', MSR_SPOTIFY_TOKEN_KEY: key.toString('base64') } })).toThrow(/needs the app's clientId/);
    const config = loadServerConfig({ env: { ...env, MSR_SPOTIFY_TOKEN_KEY: key.toString('base64') } });
    expect(config.spotify).toMatchObject({ signIn: true, clientId: 'app' });
  });
});
