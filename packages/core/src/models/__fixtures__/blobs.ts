import { createPrng } from '../../random/prng.js';

/** Seeded Gaussian blobs for tests: `perCenter` points around each center, label = center index. */
export function gaussianBlobs(centers: number[][], perCenter: number, spread: number, seed: number): { X: number[][]; y: number[] } {
  const rng = createPrng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  centers.forEach((center, label) => {
    for (let i = 0; i < perCenter; i++) {
      X.push(center.map((c) => c + spread * rng.normal()));
      y.push(label);
    }
  });
  return { X, y };
}
