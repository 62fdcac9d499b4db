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
      // Depth 5 and Node 20's WebAssembly SIMD: batches of 8 rows or more take the SIMD walk.
      expect(compiled.usesSimd).toBe(true);
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

  it('compiles trees down to depth 8 exactly and declines depth 9, wherever the deep tree is', () => {
    // One chain tree per entry: `depth` splits x0 ≤ level, each with a leaf (value level) on the
    // left, the last right leaf −1. All splits are on feature 0.
    const chains = (depths: number[]): TreeEnsemble => {
      const feature: number[] = [];
      const threshold: number[] = [];
      const left: number[] = [];
      const roots: number[] = [];
      for (const depth of depths) {
        roots.push(feature.length);
        for (let level = 0; level < depth; level++) {
          const node = feature.length;
          feature.push(0, -1);
          threshold.push(level, level);
          left.push(node + 1, 0);
        }
        feature.push(-1);
        threshold.push(-1);
        left.push(0);
      }
      return new TreeEnsemble(Int32Array.from(feature), Float64Array.from(threshold), Int32Array.from(left), Int32Array.from(roots), 1);
    };
    const eight = chains([3, 8]);
    const compiled = CompiledEnsemble.from(eight, 1)!;
    expect(compiled).toBeDefined();
    const data = Float64Array.from({ length: 12 }, (_, i) => i - 1.5);
    const expected = new Float64Array(12);
    eight.accumulate(data, 12, 1, expected);
    const binned = new Uint8Array(12);
    compiled.binRows(data, 12, 1, binned);
    const actual = new Float64Array(12);
    compiled.accumulate(binned, 12, 1, actual);
    expect(Array.from(actual)).toEqual(Array.from(expected));
    expect(CompiledEnsemble.from(chains([9]), 1)).toBeUndefined();
    // The depth-9 tree after a depth-8 one (the depth scan must not stop at 8).
    expect(CompiledEnsemble.from(chains([8, 9]), 1)).toBeUndefined();
  });

  it('compiles up to 255 distinct thresholds per feature (bins are bytes) and declines 256', () => {
    // Stumps x0 ≤ t with leaves 0 and 1, for t = 0 … count − 1, one tree each.
    const stumps = (count: number): TreeEnsemble => {
      const feature: number[] = [];
      const threshold: number[] = [];
      const left: number[] = [];
      for (let t = 0; t < count; t++) {
        feature.push(0, -1, -1);
        threshold.push(t, 0, 1);
        left.push(3 * t + 1, 0, 0);
      }
      return new TreeEnsemble(Int32Array.from(feature), Float64Array.from(threshold), Int32Array.from(left), Int32Array.from({ length: count }, (_, t) => 3 * t), 1);
    };
    expect(CompiledEnsemble.from(stumps(256), 1)).toBeUndefined();
    const ensemble = stumps(255);
    const compiled = CompiledEnsemble.from(ensemble, 1)!;
    expect(compiled).toBeDefined();
    // x = 99.5 is above thresholds 0 … 99: 100 trees output 1.
    const binned = new Uint8Array(1);
    compiled.binRows([99.5], 1, 1, binned);
    const out = new Float64Array(1);
    compiled.accumulateRow(binned, out);
    expect(out[0]).toBe(100);
  });

  it('adds each of four trees walked together to its own column, for 4 and 5 outputs', () => {
    for (const nOutputs of [4, 5]) {
      const ensemble = randomEnsemble(23, 4, nOutputs, 40 + nOutputs);
      const compiled = CompiledEnsemble.from(ensemble, 3)!;
      const rng = createPrng(nOutputs);
      for (let r = 0; r < 5; r++) {
        const row = Float64Array.from({ length: 3 }, () => rng.normal());
        const walked = new Float64Array(nOutputs);
        ensemble.accumulateRow(row, walked);
        const binned = new Uint8Array(3);
        compiled.binRows(row, 1, 3, binned);
        const single = new Float64Array(nOutputs);
        compiled.accumulateRow(binned, single);
        expect(Array.from(single)).toEqual(Array.from(walked));
      }
    }
  });
});
