import { describe, expect, it } from 'vitest';
import { describePlaylistRef, parsePlaylistText, recommendBodySchema } from './playlist-input.js';

const ID = '4uLU6hMCjMI75M1A2tKUQC';
const PLAYLIST = '37i9dQZF1DXcBWIGoYBM5M';

describe('parsePlaylistText (the form box, via @msr/spotify)', () => {
  it('reads a number, a playlist link or a list of tracks', () => {
    expect(parsePlaylistText(' 42 ')).toEqual({ ok: true, ref: { kind: 'mpd-index', index: 42 } });
    expect(parsePlaylistText(`https://open.spotify.com/playlist/${PLAYLIST}?si=x`)).toEqual({ ok: true, ref: { kind: 'spotify', id: PLAYLIST } });
    expect(parsePlaylistText(`${ID}, spotify:track:${ID}\nhttps://open.spotify.com/track/${ID}`)).toEqual({ ok: true, ref: { kind: 'tracks', ids: [ID, ID, ID] } });
  });

  it('keeps one bare id as a bare id: tracks and playlists share the form, the resolver decides', () => {
    expect(parsePlaylistText(` ${PLAYLIST}\n`)).toEqual({ ok: true, ref: { kind: 'bare-id', id: PLAYLIST } });
    expect(parsePlaylistText(`spotify:playlist:${PLAYLIST}`)).toEqual({ ok: true, ref: { kind: 'spotify', id: PLAYLIST } });
    expect(parsePlaylistText(`spotify:track:${ID}`)).toEqual({ ok: true, ref: { kind: 'tracks', ids: [ID] } });
  });

  it('explains what is wrong, as a 400 issue on the field', () => {
    expect(parsePlaylistText('  ')).toMatchObject({ ok: false, issues: [{ path: ['playlist'], message: expect.stringContaining('it is empty') }] });
    expect(parsePlaylistText('0')).toMatchObject({ ok: false, issues: [{ message: expect.stringContaining('playlist indexes start at 1') }] });
    expect(parsePlaylistText(`${ID} nope`)).toMatchObject({ ok: false, issues: [{ message: expect.stringContaining('nope') }] });
    expect(parsePlaylistText(Array(501).fill(ID).join(' '))).toMatchObject({ ok: false, issues: [{ message: 'at most 500 tracks' }] });
  });
});

describe('recommendBodySchema', () => {
  it('takes exactly one playlist form and a count of 1–50 (default 10)', () => {
    expect(recommendBodySchema.parse({ playlist: { index: 3 } })).toEqual({ playlist: { kind: 'mpd-index', index: 3 }, count: 10 });
    expect(recommendBodySchema.parse({ playlist: { url: `spotify:playlist:${PLAYLIST}` } }).playlist).toEqual({ kind: 'spotify', id: PLAYLIST });
    expect(recommendBodySchema.parse({ playlist: { uris: [`spotify:track:${ID}`] }, count: 50 }).playlist).toEqual({ kind: 'tracks', ids: [ID] });
    const bad = [
      {},
      { playlist: { index: 1, url: 'https://x.y' } },
      { playlist: { index: 1 }, count: 51 },
      { playlist: { index: 0 } },
      { playlist: { uris: [] } },
      { playlist: { uris: ['not-a-track'] } },
      { playlist: { url: 'https://example.org/x' } },
      { playlist: { url: `https://open.spotify.com/track/${ID}` } },
      { playlist: { index: 1 }, extra: true },
    ];
    for (const body of bad) expect(recommendBodySchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
  });

  it('describes references for the log', () => {
    expect(describePlaylistRef({ kind: 'tracks', ids: [ID, ID] })).toBe('tracks:2');
    expect(describePlaylistRef({ kind: 'mpd-index', index: 7 })).toBe('index:7');
    expect(describePlaylistRef({ kind: 'spotify', id: PLAYLIST })).toBe(`spotify:${PLAYLIST}`);
  });
});
