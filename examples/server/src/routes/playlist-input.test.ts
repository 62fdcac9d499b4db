import { describe, expect, it } from 'vitest';
import { describePlaylistRef, normaliseTrackId, parsePlaylistText, recommendBodySchema } from './playlist-input.js';

const ID = '4uLU6hMCjMI75M1A2tKUQC';

describe('normaliseTrackId', () => {
  it('accepts the three spellings of a track and nothing else', () => {
    expect(normaliseTrackId(ID)).toBe(ID);
    expect(normaliseTrackId(`spotify:track:${ID}`)).toBe(ID);
    expect(normaliseTrackId(`https://open.spotify.com/track/${ID}?si=abc`)).toBe(ID);
    expect(normaliseTrackId(`https://open.spotify.com/intl-de/track/${ID}`)).toBe(ID);
    for (const bad of ['', 'short', `${ID}x`, `spotify:album:${ID}`, `http://open.spotify.com/track/${ID}`, `https://evil.example/track/${ID}`]) {
      expect(normaliseTrackId(bad), bad).toBeUndefined();
    }
  });
});

describe('parsePlaylistText (the form box)', () => {
  it('reads a number, a playlist link or a list of tracks', () => {
    expect(parsePlaylistText(' 42 ')).toEqual({ ok: true, ref: { kind: 'index', index: 42 } });
    expect(parsePlaylistText('https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M')).toEqual({
      ok: true,
      ref: { kind: 'spotify', url: 'https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M' },
    });
    expect(parsePlaylistText(`${ID}, spotify:track:${ID}\nhttps://open.spotify.com/track/${ID}`)).toEqual({ ok: true, ref: { kind: 'uris', uris: [ID, ID, ID] } });
  });

  it('explains what is wrong', () => {
    expect(parsePlaylistText('  ')).toMatchObject({ ok: false, issues: [{ message: 'enter a playlist link, a playlist number or track ids' }] });
    expect(parsePlaylistText(`${ID} nope`)).toMatchObject({ ok: false, issues: [{ path: ['playlist'], message: expect.stringContaining('"nope"') }] });
  });
});

describe('recommendBodySchema', () => {
  it('takes exactly one playlist form and a count of 1–50 (default 10)', () => {
    expect(recommendBodySchema.parse({ playlist: { index: 3 } })).toEqual({ playlist: { kind: 'index', index: 3 }, count: 10 });
    expect(recommendBodySchema.parse({ playlist: { uris: [`spotify:track:${ID}`] }, count: 50 }).playlist).toEqual({ kind: 'uris', uris: [ID] });
    for (const bad of [{}, { playlist: { index: 1, url: 'https://x.y' } }, { playlist: { index: 1 }, count: 51 }, { playlist: { index: -1 } }, { playlist: { uris: [] } }, { playlist: { index: 1 }, extra: true }]) {
      expect(recommendBodySchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('describes references for the log', () => {
    expect(describePlaylistRef({ kind: 'uris', uris: [ID, ID] })).toBe('uris:2');
    expect(describePlaylistRef({ kind: 'index', index: 7 })).toBe('index:7');
  });
});
