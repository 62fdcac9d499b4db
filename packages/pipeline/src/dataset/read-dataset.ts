import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { parseCsv, type CsvTable } from '../csv/parse-csv.js';
import { DatasetError } from '../errors/dataset-error.js';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Reads a CSV, or the single CSV inside a zip, naming the entry in errors as
 * `archive.zip!/entry.csv`.
 *
 * @throws `DatasetError` (`ERR_NO_DATASET`, `ERR_BAD_ARCHIVE`), `CsvError` (malformed CSV).
 */
export async function readDataset(path: string): Promise<{ table: CsvTable; file: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DatasetError(path, 'the dataset does not exist (data_ingestion.source_URL)', { code: 'ERR_NO_DATASET' });
    throw error;
  }
  if (!ZIP_MAGIC.every((b, i) => bytes[i] === b)) return { table: parseCsv(new TextDecoder().decode(bytes), { file: path }), file: path };
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (entry) => entry.name.toLowerCase().endsWith('.csv') && !entry.name.startsWith('__MACOSX/') });
  } catch (error) {
    throw new DatasetError(path, `is not a readable zip archive (${(error as Error).message}); is it truncated?`, { cause: error, code: 'ERR_BAD_ARCHIVE' });
  }
  const names = Object.keys(entries);
  if (names.length !== 1) {
    throw new DatasetError(path, names.length === 0 ? 'the archive holds no .csv file' : `the archive holds ${names.length} .csv files (${names.join(', ')}); expected one`, { code: 'ERR_BAD_ARCHIVE' });
  }
  const file = `${path}!/${basename(names[0]!)}`;
  return { table: parseCsv(strFromU8(entries[names[0]!]!), { file }), file };
}
