import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataIngestionConfig } from '../config/stage-configs.js';
import type { ProgressUpdate } from '../dag/stage-definition.js';
import { CsvError } from '../errors/csv-error.js';
import { DatasetError } from '../errors/dataset-error.js';
import { DownloadError } from '../errors/download-error.js';
import { readSongsBase } from '../songs/songs-base.js';
import { kaggleCsv, kaggleRows } from './__fixtures__/kaggle-csv.js';
import { DataIngestion } from './data-ingestion.js';

const GENRES = ['jazz', 'pop', 'rock'];
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'msr-ingest-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const config = (sourceUrl: string, over: Partial<DataIngestionConfig> = {}): DataIngestionConfig => ({
  rootDir: join(root, 'data/raw'),
  sourceUrl,
  localDataFile: join(root, 'data/raw/dataset.zip'),
  unzipDir: join(root, 'data/raw'),
  songsBasePath: join(root, 'data/raw/song_df.csv'),
  genres: GENRES,
  // The dirty dataset below has 2 invalid rows of 63: allow them.
  quarantine: { policy: 'quarantine', maxInvalidShare: 0.05, file: join(root, 'data/quarantine.csv'), summaryFile: join(root, 'data/quarantine.json') },
  ...over,
});

/** 3 genres × 20 rows, plus: another genre, a duplicate uri, a missing energy, a missing genre. */
function dirtyDataset(): string {
  const rows = kaggleRows([...GENRES, 'acoustic'], 20);
  rows.push({ ...rows[0]!, track_genre: 'pop' }); // the same track listed under a second genre
  rows.push({ ...rows[1]!, track_id: 'AAAAAAAAAAAAAAAAAAAAAA', energy: '' });
  rows.push({ ...rows[2]!, track_id: 'BBBBBBBBBBBBBBBBBBBBBB', track_genre: '' });
  return kaggleCsv(rows);
}

const errorOf = async <E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof type)) throw new Error(`expected ${type.name}, got ${String(error)}`);
  return error;
};

describe('DataIngestion from local files', () => {
  it('maps Kaggle columns, keeps configured genres, quarantines missing values, drops duplicate uris, with counts', async () => {
    await writeFile(join(root, 'dataset.csv'), dirtyDataset());
    const result = await new DataIngestion(config(join(root, 'dataset.csv'))).run();
    expect(result).toMatchObject({ status: 'written', format: 'kaggle', rowsRead: 83, droppedOtherGenres: 20, droppedDuplicates: 1, kept: 60, perGenre: { jazz: 20, pop: 20, rock: 20 } });
    expect(result.status === 'written' && result.quarantined).toMatchObject({ quarantined: 2, rowsConsidered: 63, counts: { missing_value: 2 } });
    expect(result.status === 'written' && result.mapping.ignored).toEqual(['(unnamed index)', 'artists', 'album_name', 'track_name', 'popularity', 'duration_ms', 'explicit', 'mode', 'liveness', 'time_signature']);
    const songs = await readSongsBase(join(root, 'data/raw/song_df.csv'));
    expect(songs).toHaveLength(60);
    expect((await readFile(join(root, 'data/raw/song_df.csv'), 'utf8')).split('\n')[0]).toBe('uri,genre,key,acousticness,danceability,energy,instrumentalness,loudness,speechiness,valence,tempo');
    expect(songs[0]!.genre).toBe('jazz'); // first occurrence wins
    expect(typeof songs[0]!.tempo).toBe('number');
  });

  it('reads the CSV inside a zip, and skips when the songs base exists', async () => {
    await writeFile(join(root, 'dataset.zip'), zipSync({ 'dataset.csv': strToU8(dirtyDataset()) }));
    const ingestion = new DataIngestion(config(`file://${join(root, 'dataset.zip')}`));
    expect(await ingestion.run()).toMatchObject({ status: 'written', kept: 60 });
    const base = await readFile(join(root, 'data/raw/song_df.csv'), 'utf8');
    expect(await ingestion.run()).toEqual({ status: 'skipped', songsBasePath: join(root, 'data/raw/song_df.csv'), reason: 'the songs base exists' });
    expect(await readFile(join(root, 'data/raw/song_df.csv'), 'utf8')).toBe(base);
  });

  it('refuses a truncated zip with a clear error and leaves the previous songs base intact', async () => {
    const zip = zipSync({ 'dataset.csv': strToU8(dirtyDataset()) });
    await writeFile(join(root, 'dataset.zip'), zip.subarray(0, Math.floor(zip.length / 2)));
    await writeFile(join(root, 'data-previous.csv'), 'kept');
    const c = config(join(root, 'dataset.zip'), { songsBasePath: join(root, 'data-previous.csv') });
    const error = await errorOf(new DataIngestion(c).run({ force: true }), DatasetError);
    expect(error.code).toBe('ERR_BAD_ARCHIVE');
    expect(error.message).toContain(`${join(root, 'dataset.zip')}: is not a readable zip archive`);
    expect(await readFile(join(root, 'data-previous.csv'), 'utf8')).toBe('kept');
    // Re-run with a good archive completes.
    await writeFile(join(root, 'dataset.zip'), zip);
    expect(await new DataIngestion(c).run({ force: true })).toMatchObject({ status: 'written', kept: 60 });
  });

  it('names missing columns, wrong-typed cells (row and column), malformed CSV and an empty genre', async () => {
    const rows = kaggleRows(GENRES, 5);
    await writeFile(join(root, 'a.csv'), kaggleCsv(rows).replace('track_genre', 'genre_of_track'));
    const missing = await errorOf(new DataIngestion(config(join(root, 'a.csv'))).run(), DatasetError);
    expect(missing.code).toBe('ERR_MISSING_COLUMNS');
    expect(missing.message).toContain('is missing the column genre (tried genre, track_genre); its columns are (unnamed index), track_id,');
    expect(missing.message).toContain(`genre_of_track. Map it in schema.yaml's SOURCE_COLUMNS (e.g. "genre: <the dataset's column>")`);

    rows[3]!.tempo = 'fast';
    rows[7]!.energy = '0,5';
    await writeFile(join(root, 'b.csv'), kaggleCsv(rows));
    const typed = await errorOf(new DataIngestion(config(join(root, 'b.csv'))).run(), DatasetError);
    expect(typed.code).toBe('ERR_TOO_MANY_INVALID');
    expect(typed.message).toBe(
      `${join(root, 'b.csv')}: has 2 invalid rows of 15 (13.33%), more than data_validation.max_invalid_share 5.00%; they are listed in ${join(root, 'data/quarantine.csv')}:\n  row 4 (line 5): tempo "fast" is not a finite number (float64)\n  row 8 (line 9): energy "0,5" is not a finite number (float64)`,
    );
    expect(existsSync(join(root, 'data/raw/song_df.csv'))).toBe(false);

    await writeFile(join(root, 'c.csv'), kaggleCsv(kaggleRows(GENRES, 5)).replace(/\n3,/, '\n3,"unclosed,'));
    const malformed = await errorOf(new DataIngestion(config(join(root, 'c.csv'))).run(), CsvError);
    expect(malformed.location).toMatchObject({ file: join(root, 'c.csv'), line: 5 });

    await writeFile(join(root, 'd.csv'), kaggleCsv(kaggleRows(['jazz', 'pop'], 5)));
    const absent = await errorOf(new DataIngestion(config(join(root, 'd.csv'))).run(), DatasetError);
    expect(absent.code).toBe('ERR_GENRE_NOT_IN_DATA');
    expect(absent.message).toContain("has no rows of the configured genre rock; the data's genres (rows) are: jazz (5), pop (5).");
    expect(existsSync(join(root, 'data/raw/song_df.csv'))).toBe(false);
  });

  it('reads a songs-base-format CSV such as the shared 9-genre dataset', async (ctx) => {
    // Read by path, never copied: ../shared beside the repository, or MSR_SHARED_DIR.
    const shared = join(process.env.MSR_SHARED_DIR ?? fileURLToPath(new URL('../../../../../shared', import.meta.url)), 'data/spotify-tracks-9-genres.csv');
    if (!existsSync(shared)) return ctx.skip(`${shared} is absent`);
    const genres = ['classical', 'country', 'edm', 'hip-hop', 'jazz', 'latin', 'pop', 'r-n-b', 'rock'];
    const result = await new DataIngestion(config(shared, { genres })).run();
    expect(result).toMatchObject({ status: 'written', format: 'songs-base', rowsRead: 9500 });
    if (result.status !== 'written') return;
    expect(result.kept + result.droppedDuplicates + result.quarantined.quarantined).toBe(9500);
  });
});

describe('DataIngestion from a URL (real HTTP on 127.0.0.1)', () => {
  let server: Server;
  let base: string;
  let body: Buffer;
  let mode: 'ok' | 'die-halfway' | 'http-500' = 'ok';

  beforeEach(async () => {
    body = Buffer.from(zipSync({ 'dataset.csv': strToU8(dirtyDataset()) }, { level: 0 }));
    server = createServer((req, res) => {
      if (mode === 'http-500') {
        res.writeHead(500).end('boom');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(body.length) });
      if (mode === 'die-halfway') {
        res.write(body.subarray(0, body.length >> 1), () => res.destroy());
        return;
      }
      // Several chunks so progress is reported along the way.
      const step = Math.ceil(body.length / 4);
      for (let i = 0; i < body.length; i += step) res.write(body.subarray(i, i + step));
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    mode = 'ok';
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('streams the download with progress and checks size and checksum', async () => {
    const sha256 = createHash('sha256').update(body).digest('hex');
    const progress: ProgressUpdate[] = [];
    const result = await new DataIngestion(config(`${base}/dataset.zip`, { expectedSize: body.length, expectedSha256: sha256 })).run({ onProgress: (u) => progress.push(u) });
    expect(result).toMatchObject({ status: 'written', kept: 60, download: { bytes: body.length, sha256 } });
    expect(progress.at(-1)).toEqual({ phase: 'download', done: body.length, total: body.length, unit: 'bytes' });
    expect(await readFile(join(root, 'data/raw/dataset.zip'))).toEqual(body);
  });

  it('refuses a checksum mismatch without touching the previous download', async () => {
    await mkdir(join(root, 'data/raw'), { recursive: true });
    await writeFile(join(root, 'data/raw/dataset.zip'), 'previous');
    const error = await errorOf(new DataIngestion(config(`${base}/dataset.zip`, { expectedSha256: '0'.repeat(64) })).run(), DownloadError);
    expect(error.code).toBe('ERR_DOWNLOAD_CHECKSUM');
    expect(error.badInput).toBe(false);
    expect(await readFile(join(root, 'data/raw/dataset.zip'), 'utf8')).toBe('previous');
  });

  it('reports a download that dies halfway, keeps the previous file and songs base, then a re-run completes', async () => {
    await mkdir(join(root, 'data/raw'), { recursive: true });
    await writeFile(join(root, 'data/raw/dataset.zip'), 'previous');
    mode = 'die-halfway';
    const error = await errorOf(new DataIngestion(config(`${base}/dataset.zip`)).run(), DownloadError);
    expect(error.code).toBe('ERR_DOWNLOAD_INCOMPLETE');
    expect(error.message).toMatch(new RegExp(`^${base}/dataset.zip: connection lost after \\d+ of ${body.length} bytes`));
    expect(await readFile(join(root, 'data/raw/dataset.zip'), 'utf8')).toBe('previous');
    expect(existsSync(join(root, 'data/raw/song_df.csv'))).toBe(false);

    mode = 'http-500';
    expect((await errorOf(new DataIngestion(config(`${base}/dataset.zip`)).run(), DownloadError)).message).toBe(`${base}/dataset.zip: HTTP 500 Internal Server Error`);

    mode = 'ok';
    expect(await new DataIngestion(config(`${base}/dataset.zip`)).run()).toMatchObject({ status: 'written', kept: 60 });
  });
});
