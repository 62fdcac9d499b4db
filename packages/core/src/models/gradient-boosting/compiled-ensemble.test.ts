import { describe, expect, it } from 'vitest';
import { createPrng } from '../../random/prng.js';
import { CompiledEnsemble } from './compiled-ensemble.js';
import { TreeEnsemble } from './tree-ensemble.js';

/** Random trees of mixed depths on `nFeatures` features, as flat node arrays. */
function randomEnsemble(nTrees: number, maxDepth: number, nOutputs: number, seed: number, nFeatures = 3): TreeEnsemble {
  const rng = createPrng(seed);
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const roots: number[] = [];
  const grow = (node: number, depth: number): void => {
    if (depth === maxDepth || (depth > 0 && rng.next() < 0.25)) {
      feature[node] = -1;
      threshold[node] = rng.normal();
      left[node] = 0;
      return;
    }
    feature[node] = rng.int(nFeatures);
    threshold[node] = Math.round(rng.normal() * 4) / 4; // shared values: several nodes per edge
    const child = feature.length;
    feature.push(-1, -1);
    threshold.push(0, 0);
    left.push(0, 0);
    left[node] = child;
    grow(child, depth + 1);
    grow(child + 1, depth + 1);
  };
  for (let t = 0; t < nTrees; t++) {
    roots.push(feature.length);
    feature.push(-1);
    threshold.push(0);
    left.push(0);
    grow(roots[t]!, 0);
  }
  return new TreeEnsemble(Int32Array.from(feature), Float64Array.from(threshold), Int32Array.from(left), Int32Array.from(roots), nOutputs);
}

describe('CompiledEnsemble', () => {
  it('predicts exactly what walking the trees predicts, for batches of any size and single rows', () => {
    const ensemble = randomEnsemble(37, 5, 3, 2);
    const compiled = CompiledEnsemble.from(ensemble, 3)!;
    expect(compiled).toBeDefined();
    const rng = createPrng(9);
    for (const rows of [1, 4, 7, 50]) {
      // Values on and around the thresholds: ties must go left in both.
      const data = Float64Array.from({ length: rows * 3 }, () => (rng.next() < 0.3 ? Math.round(rng.normal() * 4) / 4 : rng.normal()));
      const expected = new Float64Array(rows * 3);
      ensemble.accumulate(data, rows, 3, expected);
      const binned = new Uint8Array(rows * 3);
      compiled.binRows(data, rows, 3, binned);
      const actual = new Float64Array(rows * 3);
      compiled.accumulate(binned, rows, 3, actual);
      expect(Array.from(actual)).toEqual(Array.from(expected));
      const single = new Float64Array(3);
      const row = data.subarray(0, 3);
      compiled.binRows(row, 1, 3, binned);
      compiled.accumulateRow(binned.subarray(0, 3), single);
      const walked = new Float64Array(3);
      ensemble.accumulateRow(row, walked);
      expect(Array.from(single)).toEqual(Array.from(walked));
    }
  });

  it('walks batches in WebAssembly SIMD bit-identically to the tree walk, at every depth, batch size and output count', () => {
    const rng = createPrng(17);
    // 3 features, and 20 (more than a level's 16 nodes can test: the gathered feature lists fill up).
    for (const [maxDepth, nOutputs, cols] of [[1, 1, 3], [2, 3, 3], [3, 1, 3], [4, 9, 20], [5, 3, 3], [5, 1, 20]] as const) {
      const ensemble = randomEnsemble(41, maxDepth, nOutputs, maxDepth * 10 + nOutputs, cols);
      const compiled = CompiledEnsemble.from(ensemble, cols)!;
      // Node 20 has WebAssembly SIMD: a silent fall-back to the scalar walk would hide a slow path.
      expect(compiled.usesSimd).toBe(true);
      // Growing then shrinking batches: the instance's memory grows and old padding lanes linger.
      for (const rows of [8, 16, 17, 100, 3000, 33]) {
        const data = Float64Array.from({ length: rows * cols }, () => (rng.next() < 0.3 ? Math.round(rng.normal() * 4) / 4 : rng.normal()));
        // A baseline already in the scores, as predict starts from the class priors.
        const start = Float64Array.from({ length: rows * nOutputs }, () => rng.normal());
        const expected = start.slice();
        ensemble.accumulate(data, rows, cols, expected);
        const binned = new Uint8Array(rows * cols);
        compiled.binRows(data, rows, cols, binned);
        const actual = start.slice();
        compiled.accumulate(binned, rows, cols, actual);
        expect(Array.from(actual)).toEqual(Array.from(expected));
        const scalar = start.slice();
        compiled.accumulateScalar(binned, rows, cols, scalar);
        expect(Array.from(scalar)).toEqual(Array.from(expected));
      }
    }
    // Under Stryker's instrumentation on a loaded 2-core machine this took over 10 s (decision 1002).
  }, 60_000);

  it('keeps deeper compiled ensembles on the scalar walk, still exact', () => {
    const ensemble = randomEnsemble(12, 7, 2, 5);
    const compiled = CompiledEnsemble.from(ensemble, 3)!;
    expect(compiled.usesSimd).toBe(false);
    const rng = createPrng(3);
    const data = Float64Array.from({ length: 40 * 3 }, () => rng.normal());
    const expected = new Float64Array(40 * 2);
    ensemble.accumulate(data, 40, 3, expected);
    const binned = new Uint8Array(40 * 3);
    compiled.binRows(data, 40, 3, binned);
    const actual = new Float64Array(40 * 2);
    compiled.accumulate(binned, 40, 3, actual);
    expect(Array.from(actual)).toEqual(Array.from(expected));
  });

  it('declines ensembles deeper than its layout allows', () => {
    expect(CompiledEnsemble.from(randomEnsemble(2, 9, 1, 3), 3)).toBeUndefined();
  });
});
