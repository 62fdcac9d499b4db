/**
 * TEST DOUBLE (phase 1). A small real model — min-max scaling, one centroid per genre, cosine
 * ranking — that stands in for `@msr/core`'s `RecommenderModel` until it lands. It does real
 * work so the server's tests exercise real answers; it is not the product's model.
 */
import { readFileSync } from 'node:fs';
import { FEATURE_NAMES, type AudioFeatures } from '@msr/core';
import { z } from 'zod';

/** One catalog song with its genre and raw features. */
export interface CatalogTrack {
  uri: string;
  name?: string;
  artist?: string;
  genre: string;
  features: AudioFeatures;
}

const vector = z.array(z.number()).length(FEATURE_NAMES.length);

/** The serialised stand-in model. */
export const nearestCentroidModelSchema = z.strictObject({
  kind: z.literal('nearest-centroid-test-double'),
  version: z.string().min(1),
  min: vector,
  max: vector,
  genres: z.array(z.string()).min(1),
  centroids: z.array(vector),
  tracks: z.array(
    z.strictObject({ uri: z.string(), name: z.string().optional(), artist: z.string().optional(), genre: z.string(), x: vector }),
  ),
});

/** The stand-in model: scaler, genre centroids and the scaled catalog. */
export type NearestCentroidModel = z.output<typeof nearestCentroidModelSchema>;

/** Features → vector in [-1, 1] per dimension with the model's scaler. */
export function scaleFeatures(model: Pick<NearestCentroidModel, 'min' | 'max'>, features: AudioFeatures): number[] {
  return FEATURE_NAMES.map((name, j) => {
    const span = model.max[j]! - model.min[j]!;
    return span === 0 ? 0 : ((features[name] - model.min[j]!) / span - 0.5) * 2;
  });
}

/** Fits the stand-in model on a catalog. */
export function trainNearestCentroidModel(tracks: readonly CatalogTrack[], version: string): NearestCentroidModel {
  if (tracks.length === 0) throw new RangeError('tracks: the catalog is empty');
  const min = FEATURE_NAMES.map((n) => Math.min(...tracks.map((t) => t.features[n])));
  const max = FEATURE_NAMES.map((n) => Math.max(...tracks.map((t) => t.features[n])));
  const scaled = tracks.map((t) => ({
    uri: t.uri,
    ...(t.name === undefined ? {} : { name: t.name }),
    ...(t.artist === undefined ? {} : { artist: t.artist }),
    genre: t.genre,
    x: scaleFeatures({ min, max }, t.features),
  }));
  const genres = [...new Set(tracks.map((t) => t.genre))].sort();
  const centroids = genres.map((g) => {
    const members = scaled.filter((t) => t.genre === g);
    return FEATURE_NAMES.map((_, j) => members.reduce((s, t) => s + t.x[j]!, 0) / members.length);
  });
  return { kind: 'nearest-centroid-test-double', version, min, max, genres, centroids, tracks: scaled };
}

/** Reads and validates a model file written by the stand-in retrain worker. */
export function loadNearestCentroidModel(path: string): NearestCentroidModel {
  return nearestCentroidModelSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

const catalogRowSchema = z.strictObject({
  uri: z.string().min(1),
  name: z.string().optional(),
  artist: z.string().optional(),
  genre: z.string().min(1),
  features: z.strictObject(Object.fromEntries(FEATURE_NAMES.map((n) => [n, z.number()])) as Record<(typeof FEATURE_NAMES)[number], z.ZodNumber>),
});

/**
 * Reads a catalog: a JSON array of {@link CatalogTrack}, or a CSV with a header naming `uri`,
 * `genre` and the nine features (the shared dataset's layout; no quoted fields).
 */
export function readCatalogFile(path: string): CatalogTrack[] {
  const text = readFileSync(path, 'utf8');
  if (path.endsWith('.json')) return z.array(catalogRowSchema).parse(JSON.parse(text));
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]?.split(',').map((h) => h.trim()) ?? [];
  const column = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: no "${name}" column in the header`);
    return i;
  };
  const uriAt = column('uri');
  const genreAt = column('genre');
  const featureAt = FEATURE_NAMES.map(column);
  return lines.slice(1).map((line, row) => {
    if (line.includes('"')) throw new Error(`${path}: row ${row + 2}: quoted fields are not supported`);
    const cells = line.split(',');
    const features = {} as AudioFeatures;
    FEATURE_NAMES.forEach((name, j) => {
      const value = Number(cells[featureAt[j]!]);
      if (!Number.isFinite(value)) throw new Error(`${path}: row ${row + 2}: ${name} is not a number`);
      features[name] = value;
    });
    return { uri: cells[uriAt]!.trim(), genre: cells[genreAt]!.trim(), features };
  });
}
