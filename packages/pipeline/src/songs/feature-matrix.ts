import { FEATURE_NAMES } from '@msr/core';
import { parseCsv } from '../csv/parse-csv.js';
import { DatasetError } from '../errors/dataset-error.js';
import { readInput } from '../util/read-input.js';

async function readTable(path: string) {
  return parseCsv(await readInput(path), { file: path });
}

function toNumber(cell: string, path: string, row: number, line: number, column: string): number {
  const value = cell.trim() === '' ? Number.NaN : Number(cell);
  if (!Number.isFinite(value)) throw new DatasetError(path, `row ${row} (line ${line}), column ${column}: ${JSON.stringify(cell)} is not a finite number`);
  return value;
}

/** Reads a features CSV (`X_train.csv`, a catalog) into rows in `FEATURE_NAMES` order. */
export async function readFeatureRows(path: string): Promise<Float64Array[]> {
  const table = await readTable(path);
  const at = FEATURE_NAMES.map((name) => {
    const i = table.header.indexOf(name);
    if (i === -1) throw new DatasetError(path, `has no "${name}" column`);
    return i;
  });
  return table.rows.map((row, r) => Float64Array.from(at, (i, j) => toNumber(row[i]!, path, r + 1, table.lines[r]!, FEATURE_NAMES[j]!)));
}

/** Reads a one-column label CSV (`y_train.csv`) of integer codes. */
export async function readLabels(path: string): Promise<Int32Array> {
  const table = await readTable(path);
  return Int32Array.from(table.rows, (row, r) => {
    const value = toNumber(row[0]!, path, r + 1, table.lines[r]!, table.header[0]!);
    if (!Number.isInteger(value) || value < 0) throw new DatasetError(path, `row ${r + 1}: ${row[0]} is not a label code`);
    return value;
  });
}

/** Reads the uri column of a catalog, in row order. */
export async function readUris(path: string): Promise<string[]> {
  const table = await readTable(path);
  const at = table.header.indexOf('uri');
  if (at === -1) throw new DatasetError(path, 'has no "uri" column');
  return table.rows.map((row) => row[at]!);
}
