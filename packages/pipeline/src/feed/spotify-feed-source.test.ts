/**
 * The feed source over `@msr/spotify`'s `collectNewSongs`, with real parts (a drop folder of CSV
 * files as the track source, a dataset as the features provider): what it asks for and what it
 * hands back. No Spotify account or fake needed.
 */
import type { Song } from '@msr/core';
import { datasetFeaturesProvider, dropFolderSource, type FeedProgress } from '@msr/spotify';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spotifyFeedSource } from './spotify-feed-source.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msr-spotify-feed-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const id = (i: number): string => `NEW${String(i).padStart(19, '0')}`;
const FEATURES = { key: 1, acousticness: 0.1, danceability: 0.2, energy: 0.3, instrumentalness: 0, loudness: -7, speechiness: 0.05, valence: 0.5, tempo: 100 };
const song = (i: number, genre: string): Song => ({ uri: id(i), genre, ...FEATURES });
const withFeatures = async (): Promise<void> => {
  const header = `uri,genre,${Object.keys(FEATURES).join(',')}`;
  const row = (i: number, genre: string): string => `${id(i)},${genre},${Object.values(FEATURES).join(',')}`;
  await writeFile(join(dir, 'a.csv'), [header, row(1, 'jazz'), row(2, 'jazz'), row(3, 'jazz'), row(4, 'rock'), row(5, 'polka')].join('\n') + '\n');
};

describe('spotifyFeedSource', () => {
  it('asks for each configured genre, skips known ids, and counts every candidate fetched', async () => {
    await withFeatures();
    const progress: FeedProgress[] = [];
    const feed = spotifyFeedSource({ source: dropFolderSource({ dir }), perGenre: 1, onProgress: (e) => progress.push(e) });
    const batch = await feed.collect({ genres: ['jazz', 'rock'], knownUris: new Set([id(1)]) });
    expect(batch.songs).toEqual([song(2, 'jazz'), song(4, 'rock')]);
    expect(batch.fetched).toBe(2); // jazz 1 (the limit; id 1 is excluded at the source) + rock 1
    expect(progress.map((e) => (e.type === 'fetched' ? `${e.genre} ${e.fetched}/${e.fresh}` : e.type))).toEqual(['jazz 1/1', 'rock 1/1']);
    // 20 per genre by default.
    expect((await spotifyFeedSource({ source: dropFolderSource({ dir }) }).collect({ genres: ['jazz'], knownUris: new Set() })).songs).toEqual([song(1, 'jazz'), song(2, 'jazz'), song(3, 'jazz')]);
  });

  it('looks up features the source lacks with the provider it is given', async () => {
    await writeFile(join(dir, 'ids.csv'), `uri,genre\n${id(7)},jazz\n${id(8)},jazz\n`);
    const source = dropFolderSource({ dir });
    const features = datasetFeaturesProvider([{ uri: id(7), ...FEATURES }]);
    expect((await spotifyFeedSource({ source, features }).collect({ genres: ['jazz'], knownUris: new Set() })).songs).toEqual([song(7, 'jazz')]);
    expect((await spotifyFeedSource({ source }).collect({ genres: ['jazz'], knownUris: new Set() })).songs).toEqual([]);
  });

  it('passes the request’s signal on', async () => {
    await withFeatures();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const seen: (AbortSignal | undefined)[] = [];
    const source = { ...dropFolderSource({ dir }), fetchTracks: async (_genre: string, options: { signal?: AbortSignal }) => (seen.push(options.signal), []) };
    await spotifyFeedSource({ source }).collect({ genres: ['jazz'], knownUris: new Set(), signal: controller.signal });
    await spotifyFeedSource({ source }).collect({ genres: ['jazz'], knownUris: new Set() });
    expect(seen).toEqual([controller.signal, undefined]);
  });
});
