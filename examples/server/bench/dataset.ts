import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCatalog } from '../test/support/catalog.js';

/**
 * The shared 9,500-track dataset, read by path (`MSR_BENCH_DATASET`, else `../shared/data/…`
 * beside the repository), or `undefined` when it is absent.
 */
export function benchDataset(): string | undefined {
  const path = process.env['MSR_BENCH_DATASET']
    ? resolve(process.env['MSR_BENCH_DATASET'])
    : fileURLToPath(new URL('../../../../shared/data/spotify-tracks-9-genres.csv', import.meta.url));
  return existsSync(path) ? path : undefined;
}

/** A generated catalog when the dataset is absent: 4 genres × 250 tracks. */
export const fallbackCatalog = () => makeCatalog(250);

/** Five track ids of the catalog the server uses, for the benchmark playlist. */
export function playlistUris(dataset: string | undefined): string[] {
  if (!dataset) return fallbackCatalog().slice(0, 5).map((t) => t.uri);
  return readFileSync(dataset, 'utf8').split('\n').slice(1, 6).map((line) => line.split(',')[0]!);
}
