import { createPrng, FEATURE_NAMES, type AudioFeatures } from '@msr/core';

/** A track the fake serves. */
export interface FakeTrack {
  /** Bare 22-character id. */
  readonly id: string;
  readonly name: string;
  readonly artist: string;
  /** Used by the fake `/recommendations` and `/search?q=genre:"…"`. */
  readonly genre?: string | undefined;
  /** Served by the fake `/audio-features` (extended-access apps only). */
  readonly features?: AudioFeatures | undefined;
  /**
   * Whether the fake ReccoBeats knows the track.
   * @default true when the track has features
   */
  readonly inReccoBeats?: boolean | undefined;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `count` distinct, deterministic 22-character ids (synthetic: no real catalogue data). */
export function fakeIds(count: number, seed = 1): string[] {
  const rng = createPrng(seed);
  const ids = new Set<string>();
  while (ids.size < count) {
    let id = '';
    for (let i = 0; i < 22; i++) id += BASE62[rng.int(62)];
    ids.add(id);
  }
  return [...ids];
}

/** Plausible feature values (units as in the songs base: loudness in dB, tempo in BPM). */
export function fakeFeatures(seed: number): AudioFeatures {
  const rng = createPrng(seed);
  const f = {} as AudioFeatures;
  for (const name of FEATURE_NAMES) f[name] = Math.round(rng.next() * 1000) / 1000;
  f.key = rng.int(12);
  f.loudness = -Math.round(rng.next() * 20_000) / 1000;
  f.tempo = 60 + Math.round(rng.next() * 120_000) / 1000;
  return f;
}

/**
 * A synthetic catalogue: `perGenre` tracks for each genre, all with features, with names like
 * `pop track 3`. Deterministic for a given seed.
 */
export function fakeCatalog(genres: readonly string[], perGenre: number, seed = 1): FakeTrack[] {
  const ids = fakeIds(genres.length * perGenre, seed);
  return ids.map((id, i) => {
    const genre = genres[Math.floor(i / perGenre)]!;
    const n = i % perGenre;
    return { id, name: `${genre} track ${n}`, artist: `${genre} artist ${n % 5}`, genre, features: fakeFeatures(seed * 100_003 + i) };
  });
}
