import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidPlaylistReference, NoPlaylistSource, SourceFileError } from '../errors/input-errors.js';
import { fakeIds } from '../testing/index.js';
import { mpdPlaylistSource } from './mpd-playlist-source.js';
import { parsePlaylistReference } from './playlist-reference.js';

const ids = fakeIds(6, 3);
const mpd = {
  info: { slice: '0-2', version: 'v1' },
  playlists: [
    { name: 'Throwbacks', pid: 0, num_tracks: 3, tracks: ids.slice(0, 3).map((id, pos) => ({ pos, artist_name: `A${pos}`, track_uri: `spotify:track:${id}`, track_name: `T${pos}` })) },
    {
      name: 'Gym',
      pid: 1,
      num_tracks: 3,
      tracks: [
        { pos: 0, track_uri: `spotify:track:${ids[3]}`, track_name: 'X', artist_name: 'Y' },
        { pos: 1, track_uri: 'spotify:local:Artist:Album:Song:200', track_name: 'Local', artist_name: 'Me' },
        { pos: 2, track_uri: 'spotify:track:tooShort', track_name: 'Bad', artist_name: 'Nobody' },
      ],
    },
  ],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msr-mpd-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('mpdPlaylistSource', () => {
  it('loads playlist n as the n-th of the file (1-based), with names and artists', async () => {
    const path = join(dir, 'playlists.json');
    await writeFile(path, JSON.stringify(mpd));
    let reads = 0;
    const source = mpdPlaylistSource({ path, readFile: async (p) => (reads++, (await import('node:fs/promises')).readFile(p, 'utf8')) });
    expect(await source.count()).toBe(2);
    const first = await source.load(parsePlaylistReference('1', { maxIndex: await source.count() }));
    expect(first).toMatchObject({ source: 'mpd', name: 'Throwbacks', skipped: [] });
    expect(first.tracks).toEqual(ids.slice(0, 3).map((id, pos) => ({ id, name: `T${pos}`, artist: `A${pos}` })));
    const second = await source.load({ kind: 'mpd-index', index: 2 });
    expect(second.tracks.map((t) => t.id)).toEqual([ids[3]]);
    expect(second.skipped).toEqual([
      { position: 1, reason: 'local-file' },
      { position: 2, reason: 'invalid-id' },
    ]);
    expect(reads).toBe(1); // read and validated once
  });

  it('rejects an index past the end, naming the range', async () => {
    const source = mpdPlaylistSource({ data: mpd, label: 'playlists.json' });
    await expect(source.load({ kind: 'mpd-index', index: 3 })).rejects.toThrow(InvalidPlaylistReference);
    await expect(source.load({ kind: 'mpd-index', index: 3 })).rejects.toThrow(/playlists.json has 2 playlists, so the index must be 1\.\.2/);
  });

  it('names the file and the JSON path of a malformed file', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ playlists: [{ name: 'x', pid: 0, num_tracks: 1, tracks: [{ pos: 0, track_name: 'no uri', artist_name: 'a' }] }] }));
    const error = await mpdPlaylistSource({ path: bad }).count().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceFileError);
    expect((error as SourceFileError).location).toBe('playlists[0].tracks[0].track_uri');
    const notJson = join(dir, 'not.json');
    await writeFile(notJson, '{ nope');
    await expect(mpdPlaylistSource({ path: notJson }).count()).rejects.toThrow(/not\.json \(file\): not JSON/);
    await expect(mpdPlaylistSource({ path: join(dir, 'missing.json') }).count()).rejects.toThrow(/cannot be read/);
  });

  it('refuses references of another kind', async () => {
    await expect(mpdPlaylistSource({ data: mpd }).load({ kind: 'spotify', id: ids[0]! })).rejects.toBeInstanceOf(NoPlaylistSource);
  });
});
