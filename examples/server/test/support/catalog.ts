import { FEATURE_NAMES, createPrng, type AudioFeatures } from '@msr/core';

/** Genres of the generated test catalog, each with its own region of feature space. */
export const TEST_GENRES = ['classical', 'edm', 'jazz', 'rock'] as const;

/** One generated song. */
export interface CatalogTrack {
  uri: string;
  name: string;
  artist: string;
  genre: string;
  features: AudioFeatures;
}

const CENTRES: Record<(typeof TEST_GENRES)[number], AudioFeatures> = {
  classical: { key: 3, acousticness: 0.9, danceability: 0.25, energy: 0.15, instrumentalness: 0.85, loudness: -22, speechiness: 0.04, valence: 0.2, tempo: 90 },
  edm: { key: 6, acousticness: 0.05, danceability: 0.8, energy: 0.9, instrumentalness: 0.6, loudness: -4, speechiness: 0.06, valence: 0.5, tempo: 128 },
  jazz: { key: 5, acousticness: 0.7, danceability: 0.55, energy: 0.35, instrumentalness: 0.4, loudness: -12, speechiness: 0.05, valence: 0.55, tempo: 110 },
  rock: { key: 4, acousticness: 0.1, danceability: 0.45, energy: 0.85, instrumentalness: 0.05, loudness: -5, speechiness: 0.05, valence: 0.45, tempo: 140 },
};

/** A 22-character Spotify-like id for test track `i` of `genre`. */
export function trackId(genre: string, i: number): string {
  return `${genre.replace(/[^a-z]/g, '').slice(0, 4)}${String(i).padStart(4, '0')}`.padEnd(22, 'X');
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** A deterministic catalog: `perGenre` tracks around each genre's centre, valid for the songs base. */
export function makeCatalog(perGenre = 30, seed = 7): CatalogTrack[] {
  const rng = createPrng(seed);
  const tracks: CatalogTrack[] = [];
  for (const genre of TEST_GENRES) {
    for (let i = 0; i < perGenre; i++) {
      const features = {} as AudioFeatures;
      for (const name of FEATURE_NAMES) {
        const centre = CENTRES[genre][name];
        const spread = name === 'tempo' ? 8 : name === 'loudness' ? 2 : name === 'key' ? 1 : 0.06;
        const value = centre + rng.normal() * spread;
        features[name] = name === 'key' ? clamp(Math.round(value), 0, 11) : name === 'loudness' || name === 'tempo' ? Math.round(value * 1000) / 1000 : clamp(Math.round(value * 1000) / 1000, 0, 1);
      }
      tracks.push({ uri: trackId(genre, i), name: `${genre} song ${i}`, artist: `${genre} artist ${i % 3}`, genre, features });
    }
  }
  return tracks;
}
