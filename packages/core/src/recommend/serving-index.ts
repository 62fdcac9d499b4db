import { hashRow } from './catalog-index.js';
import { catalogScanIndex, type CatalogScanIndex } from './catalog-scan.js';
import type { RecommenderModel } from './recommender-model.js';

/**
 * What `recommend()` keeps per model between calls (decision 1011), built on a model's first
 * call: one recording id per catalog song across every genre (identical raw features, as in
 * {@link hashRow}'s float32 bits), so a call compares integers instead of building a text key
 * per candidate; and marks over those ids that are reset by moving to a new stamp, not by
 * clearing or allocating. `recommend()` is synchronous, so one call uses them at a time.
 */
export interface ServingIndex {
  /** Per genre (model order), per catalog song: its recording id, 0 … `recordings − 1`. */
  readonly recordingOf: readonly Int32Array[];
  readonly recordings: number;
  /**
   * Per bare track id of any genre's catalog, the recording ids it names (one per genre that
   * lists the id; usually one id). One lookup per excluded id instead of one per genre.
   */
  readonly idRecordings: ReadonlyMap<string, readonly number[]>;
  /** The recording with exactly these raw features (float32), or -1. */
  findRecording(features: Float32Array): number;
  /** A fresh set of recording ids (empties every earlier one handed out by this mark). */
  readonly excluded: RecordingMarks;
  readonly taken: RecordingMarks;
  readonly found: RecordingMarks;
  /** `recordings` values, for per-recording scores. */
  readonly best: Float64Array;
  /** Per genre (model order), its catalog laid out for a scan that skips far songs (decision 1200). */
  readonly scans: readonly CatalogScanIndex[];
  /**
   * Per recording (its first song's raw features), the bins the classifier's trees read,
   * `recordings × features`; undefined when the classifier has no compiled form. A playlist
   * track with the same bins as its recording gets {@link classProba}'s row, the very floats a
   * tree walk would give (decision 1202).
   */
  readonly classBins: Uint8Array | undefined;
  /** Per recording, the classifier's class probabilities, `recordings × genres` (empty without {@link classBins}). */
  readonly classProba: Float64Array;
}

/** Recordings per classifier batch at index build: bounds the batch's buffers (the wasm walk's memory never shrinks). */
const CLASS_BATCH = 1024;

/** A set of recording ids that empties in O(1). */
export class RecordingMarks {
  private readonly stamps: Int32Array;
  // Stamps start at 0, so a new set is empty under stamp 1.
  private stamp = 1;

  constructor(size: number) {
    this.stamps = new Int32Array(size);
  }

  /** Empties the set. */
  clear(): void {
    if (this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
  }

  has(id: number): boolean {
    return this.stamps[id] === this.stamp;
  }

  add(id: number): void {
    this.stamps[id] = this.stamp;
  }
}

const indexes = new WeakMap<RecommenderModel, ServingIndex>();

/** The model's serving index, built on first use. */
export function servingIndex(model: RecommenderModel): ServingIndex {
  let index = indexes.get(model);
  if (index === undefined) {
    index = buildServingIndex(model);
    indexes.set(model, index);
  }
  return index;
}

function buildServingIndex(model: RecommenderModel): ServingIndex {
  const d = model.featureNames.length;
  // Each recording's first song (genre, row) and the next recording with the same hash.
  const firstGenre: number[] = [];
  const firstRow: number[] = [];
  const next: number[] = [];
  const heads = new Map<number, number>();
  const raws = model.genreModels.map(({ catalog }) => catalog.raw);
  const same = (raw: Float32Array, at: number, r: number): boolean => {
    const other = raws[firstGenre[r]!]!;
    const o = firstRow[r]! * d;
    for (let f = 0; f < d; f++) if (!Object.is(raw[at + f], other[o + f])) return false;
    return true;
  };
  const lookup = (raw: Float32Array, at: number, hash: number): number => {
    for (let r = heads.get(hash) ?? -1; r !== -1; r = next[r]!) if (same(raw, at, r)) return r;
    return -1;
  };
  const recordingOf = model.genreModels.map(({ catalog }, g) => {
    const ids = new Int32Array(catalog.size);
    for (let j = 0; j < catalog.size; j++) {
      const hash = hashRow(catalog.raw, j * d, d);
      let r = lookup(catalog.raw, j * d, hash);
      if (r === -1) {
        r = firstGenre.length;
        firstGenre.push(g);
        firstRow.push(j);
        next.push(heads.get(hash) ?? -1);
        heads.set(hash, r);
      }
      ids[j] = r;
    }
    return ids;
  });
  const recordings = firstGenre.length;
  const idRecordings = new Map<string, number[]>();
  model.genreModels.forEach(({ catalog }, g) => {
    for (const [id, j] of catalog.idIndex) {
      const r = recordingOf[g]![j]!;
      const known = idRecordings.get(id);
      if (known === undefined) idRecordings.set(id, [r]);
      else if (!known.includes(r)) known.push(r);
    }
  });
  const { classBins, classProba } = classifierCache(model, recordings, (r, out, at) => {
    const raw = raws[firstGenre[r]!]!;
    for (let f = 0; f < d; f++) out[at + f] = likelyOriginal(raw[firstRow[r]! * d + f]!);
  });
  return {
    classBins,
    classProba,
    recordingOf,
    recordings,
    idRecordings,
    findRecording: (features) => lookup(features, 0, hashRow(features, 0, d)),
    excluded: new RecordingMarks(recordings),
    taken: new RecordingMarks(recordings),
    found: new RecordingMarks(recordings),
    best: new Float64Array(recordings),
    scans: model.genreModels.map(({ catalog }) => catalogScanIndex(catalog.scaled, catalog.size, d, catalog.recordings.recording)),
  };
}

/**
 * The double a catalog's float32 feature most likely came from: its 7-significant-digit decimal
 * when that rounds back to it (the data's features are short decimals; a float32 holds 7 digits),
 * else the float32 itself. A track giving the original double then falls in the same bins where
 * the float32 would not — when the original sits exactly on a split threshold, as quantile
 * thresholds often do. Only a guess: a wrong one costs a tree walk (the bins are compared), never
 * a different result.
 */
function likelyOriginal(stored: number): number {
  const decimal = Number(stored.toPrecision(7));
  return Math.fround(decimal) === stored ? decimal : stored;
}

/** Every recording's classifier bins and class probabilities, in batches of {@link CLASS_BATCH}. */
function classifierCache(
  model: RecommenderModel,
  recordings: number,
  features: (r: number, out: Float64Array, at: number) => void,
): Pick<ServingIndex, 'classBins' | 'classProba'> {
  const d = model.featureNames.length;
  const nGenres = model.genres.length;
  const classBins = new Uint8Array(recordings * d);
  const classProba = new Float64Array(recordings * nGenres);
  const batch = new Float64Array(Math.min(recordings, CLASS_BATCH) * d);
  for (let from = 0; from < recordings; from += CLASS_BATCH) {
    const rows = Math.min(CLASS_BATCH, recordings - from);
    const data = rows * d === batch.length ? batch : batch.subarray(0, rows * d);
    for (let k = 0; k < rows; k++) features(from + k, data, k * d);
    if (!model.classifier.predictionBins(data, rows, classBins.subarray(from * d, (from + rows) * d))) {
      return { classBins: undefined, classProba: new Float64Array(0) };
    }
    model.classifier.predictProbaRows(data, rows, classProba.subarray(from * nGenres, (from + rows) * nGenres));
  }
  return { classBins, classProba };
}
