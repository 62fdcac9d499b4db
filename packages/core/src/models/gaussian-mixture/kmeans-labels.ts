import type { DenseMatrix } from '../matrix.js';
import type { NumpyRandomState } from './numpy-random-state.js';

/**
 * Cluster labels for the Gaussian mixture's initialisation, as scikit-learn's
 * `KMeans(n_clusters=k, n_init=1, random_state=…)` computes them inside `GaussianMixture`:
 * the data centred, k-means++ seeding with 2 + ⌊ln k⌋ greedy candidates per centre drawn from
 * NumPy's generator, then Lloyd iterations until the centres move less than
 * 1e-4 × the mean feature variance, and a last assignment to the final centres. Drawing the same
 * numbers as scikit-learn, the mixture starts where scikit-learn's does and reaches the same
 * local optimum — with another generator it often settles in a different one.
 *
 * One draw differs from scikit-learn 1.3 and later: the first centre is `randint(n)`, as before
 * 1.3, where 1.3 draws `choice(n, p=sample_weight / Σ)` (a `random_sample` searched in the
 * weights' running sum), so the same seed can start from another row and go on from another point
 * of the stream. Given msr's first draw, scikit-learn 1.9 computes the same labels (decision 1130).
 */
export function kmeansLabels(X: DenseMatrix, k: number, random: NumpyRandomState): Int32Array {
  const { rows: n, cols: d } = X;
  const { centred, norms, tolerance } = centre(X);
  const seeds = plusPlusSeeds(centred, norms, n, d, k, random);
  // Lloyd steps, stopped by scikit-learn's rule: labels unchanged ("strict"), or the centres
  // moved less than `tolerance` in total; at most 300, as scikit-learn.
  let centres: Float64Array = new Float64Array(k * d);
  seeds.forEach((row, c) => centres.set(centred.subarray(row * d, (row + 1) * d), c * d));
  let previous: Int32Array | undefined;
  for (let iteration = 0; iteration < 300; iteration++) {
    const labels = nearestCentres(centred, centres, n, d, k);
    const moved = meanCentres(centred, labels, centres, n, d, k);
    let shift = 0;
    for (let i = 0; i < k * d; i++) shift += (moved[i]! - centres[i]!) ** 2;
    centres = moved;
    if (previous && labels.every((label, i) => label === previous![i])) return labels;
    if (shift <= tolerance) break;
    previous = labels;
  }
  // Not strictly converged: assign to the final centres (scikit-learn's last E-step).
  return nearestCentres(centred, centres, n, d, k);
}

/**
 * Each row's nearest centre by squared Euclidean distance, the first on a tie. The arithmetic of
 * ml-kmeans (which msr used before; docs/decisions/0941-browser-lean-core.md), so the labels match.
 */
function nearestCentres(X: Float64Array, centres: Float64Array, n: number, d: number, k: number): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = Number.MAX_VALUE;
    for (let c = 0; c < k; c++) {
      let squared = 0;
      for (let j = 0; j < d; j++) squared += (X[i * d + j]! - centres[c * d + j]!) * (X[i * d + j]! - centres[c * d + j]!);
      if (squared < best) {
        best = squared;
        labels[i] = c;
      }
    }
  }
  return labels;
}

/** The mean of each centre's rows; a centre with no rows stays where it was. */
function meanCentres(X: Float64Array, labels: Int32Array, previous: Float64Array, n: number, d: number, k: number): Float64Array {
  const sums = new Float64Array(k * d);
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    counts[c]!++;
    for (let j = 0; j < d; j++) sums[c * d + j]! += X[i * d + j]!;
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) sums[c * d + j] = counts[c] ? sums[c * d + j]! / counts[c]! : previous[c * d + j]!;
  return sums;
}

/** X minus its column means, the rows' squared norms and scikit-learn's k-means tolerance. */
function centre(X: DenseMatrix): { centred: Float64Array; norms: Float64Array; tolerance: number } {
  const { data, rows: n, cols: d } = X;
  const centred = new Float64Array(n * d);
  let variance = 0;
  for (let j = 0; j < d; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += data[i * d + j]!;
    const mean = sum / n;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const value = data[i * d + j]! - mean;
      centred[i * d + j] = value;
      squares += value * value;
    }
    variance += squares / n;
  }
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) norms[i]! += centred[i * d + j]! ** 2;
  return { centred, norms, tolerance: (1e-4 * variance) / d };
}

/** scikit-learn's `_kmeans_plusplus`: the rows chosen as the k starting centres. */
function plusPlusSeeds(X: Float64Array, norms: Float64Array, n: number, d: number, k: number, random: NumpyRandomState): number[] {
  const trials = 2 + Math.floor(Math.log(k));
  const first = random.randint(n);
  const seeds = [first];
  let closest = distancesTo(X, norms, n, d, first);
  let potential = sum(closest);
  for (let c = 1; c < k; c++) {
    const targets = Array.from({ length: trials }, () => random.randomSample() * potential);
    const cumulative = new Float64Array(n);
    let running = 0;
    for (let i = 0; i < n; i++) cumulative[i] = running += closest[i]!;
    let bestPotential = Infinity;
    let bestRow = 0;
    let bestDistances = closest;
    for (const target of targets) {
      const row = Math.min(firstAtLeast(cumulative, target), n - 1);
      const distances = distancesTo(X, norms, n, d, row);
      for (let i = 0; i < n; i++) distances[i] = Math.min(closest[i]!, distances[i]!);
      const candidatePotential = sum(distances);
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        bestRow = row;
        bestDistances = distances;
      }
    }
    potential = bestPotential;
    closest = bestDistances;
    seeds.push(bestRow);
  }
  return seeds;
}

/** Squared distances from row `row` to every row, the way scikit-learn computes them (‖x‖² − 2x·y + ‖y‖²). */
function distancesTo(X: Float64Array, norms: Float64Array, n: number, d: number, row: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let j = 0; j < d; j++) dot += X[row * d + j]! * X[i * d + j]!;
    out[i] = Math.max(0, -2 * dot + norms[row]! + norms[i]!);
  }
  return out;
}

/** `numpy.searchsorted(sorted, value, side='left')`. */
function firstAtLeast(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}
