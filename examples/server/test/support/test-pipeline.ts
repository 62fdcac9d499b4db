/**
 * The small, real pipeline the server tests run against: a generated Kaggle-format dataset of
 * the test catalog (four well-separated genres), a `config.yaml` listing those genres, a quick
 * `params.yaml` (20 boosting rounds of 0.1 instead of the shipped 100, so a retrain
 * takes seconds; same code path) and an MPD-format `playlists.json`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAGGLE_COLUMNS } from '@msr/core';
import { defaultConfigDir, formatCsv } from '@msr/pipeline';
import { makeCatalog, TEST_GENRES, trackId, type CatalogTrack } from './catalog.js';

/** Songs per genre in the test dataset. */
export const SONGS_PER_GENRE = 30;

/** The test playlists file: playlist 1 is classical, playlist 2 edm (1-based, as users type them). */
export const TEST_PLAYLISTS = [
  { name: 'quiet evening', uris: [trackId('classical', 0), trackId('classical', 1), trackId('classical', 2)] },
  { name: 'club night', uris: [trackId('edm', 0), trackId('edm', 1), trackId('edm', 2), trackId('edm', 3)] },
];

/** Where {@link writePipelineInputs} put things. */
export interface PipelineInputs {
  dataset: string;
  config: string;
  params: string;
  playlists: string;
  catalog: CatalogTrack[];
}

/** The quick test parameters (one `n_components` per test genre). */
export const QUICK_PARAMS = {
  GradientBoostingClassifier: { learning_rate: 0.1, max_depth: 3, n_estimators: 20 },
  GaussianMixture: { covariance_type: 'spherical', n_components: TEST_GENRES.map(() => 3), random_state: 42 },
};

/** Writes the dataset, `config.yaml`, quick `params.yaml` and `playlists.json` into `dir`. */
export function writePipelineInputs(dir: string): PipelineInputs {
  mkdirSync(dir, { recursive: true });
  const catalog = makeCatalog(SONGS_PER_GENRE);
  const dataset = join(dir, 'dataset.csv');
  const rows = catalog.map((t, i) => {
    const cells: Record<string, string | number> = {
      track_id: t.uri,
      artists: t.artist,
      // One genre's album holds HTML, as real names can: every surface must show it as text.
      album_name: t.genre === 'edm' ? '<script>alert("edm")</script> & <b>co</b>' : `${t.genre} album`,
      track_name: t.name,
      popularity: 40 + (i % 50),
      duration_ms: 200_000,
      explicit: 'False',
      mode: 1,
      liveness: 0.1,
      time_signature: 4,
      track_genre: t.genre,
      ...t.features,
    };
    return [i, ...KAGGLE_COLUMNS.map((c) => cells[c]!)];
  });
  writeFileSync(dataset, formatCsv(['', ...KAGGLE_COLUMNS], rows));
  const config = join(dir, 'config.yaml');
  const shipped = readFileSync(join(defaultConfigDir(), 'config.yaml'), 'utf8');
  // The shipped config.yaml lets the data choose the genres (min_recordings); list the test's.
  writeFileSync(config, shipped.replace(/ {2}genres:\n( {4}- .*\n)+|^ {2}min_recordings: .*\n/m, `  genres:\n${TEST_GENRES.map((g) => `    - ${g}\n`).join('')}`));
  const params = join(dir, 'params.yaml');
  writeFileSync(params, `GradientBoostingClassifier: ${JSON.stringify(QUICK_PARAMS.GradientBoostingClassifier)}\nGaussianMixture: ${JSON.stringify(QUICK_PARAMS.GaussianMixture)}\n`);
  const playlists = join(dir, 'playlists.json');
  writeFileSync(
    playlists,
    JSON.stringify({
      info: { slice: 'test' },
      playlists: TEST_PLAYLISTS.map((p, pid) => ({
        pid,
        name: p.name,
        num_tracks: p.uris.length,
        tracks: p.uris.map((uri, pos) => {
          const track = catalog.find((t) => t.uri === uri)!;
          return { pos, track_uri: `spotify:track:${uri}`, track_name: track.name, artist_name: track.artist };
        }),
      })),
    }),
  );
  return { dataset, config, params, playlists, catalog };
}
