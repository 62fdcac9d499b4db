/**
 * Softmax cross-entropy (multiclass) and logistic loss (binary) on raw scores: gradients,
 * hessians and probabilities. `raw` is row-major, `nOutputs` columns (1 for binary).
 */

/**
 * Writes the gradient and hessian of the loss for every sample and output column into
 * `gradients[k * n + i]`, `hessians[k * n + i]` (column-major, so one tree reads one block).
 * `probabilities` is scratch of length `nOutputs`.
 */
export function lossGradients(
  raw: Float64Array,
  codes: Int32Array,
  nOutputs: number,
  gradients: Float64Array,
  hessians: Float64Array,
  probabilities: Float64Array,
): void {
  const n = codes.length;
  if (nOutputs === 1) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(raw[i]!);
      gradients[i] = p - codes[i]!;
      hessians[i] = p * (1 - p);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    softmax(raw, i * nOutputs, nOutputs, probabilities, 0);
    const label = codes[i]!;
    for (let k = 0; k < nOutputs; k++) {
      const p = probabilities[k]!;
      gradients[k * n + i] = label === k ? p - 1 : p;
      hessians[k * n + i] = p * (1 - p);
    }
  }
}

/** Mean negative log-likelihood of the true classes under raw scores. */
export function meanLogLoss(raw: Float64Array, codes: Int32Array, nOutputs: number): number {
  const n = codes.length;
  let total = 0;
  if (nOutputs === 1) {
    for (let i = 0; i < n; i++) {
      const z = raw[i]!;
      // log(1 + e^{-z}) for the positive class, log(1 + e^{z}) for the negative, overflow-safe.
      total += softplus(codes[i] === 1 ? -z : z);
    }
    return total / n;
  }
  for (let i = 0; i < n; i++) {
    const offset = i * nOutputs;
    let max = -Infinity;
    for (let k = 0; k < nOutputs; k++) max = Math.max(max, raw[offset + k]!);
    let sum = 0;
    for (let k = 0; k < nOutputs; k++) sum += Math.exp(raw[offset + k]! - max);
    total += max + Math.log(sum) - raw[offset + codes[i]!]!;
  }
  return total / n;
}

/** Writes softmax(raw[from .. from+k)) to out[to .. to+k). */
export function softmax(raw: Float64Array, from: number, k: number, out: Float64Array, to: number): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, raw[from + c]!);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(raw[from + c]! - max);
    out[to + c] = e;
    sum += e;
  }
  const scale = 1 / sum;
  for (let c = 0; c < k; c++) out[to + c]! *= scale;
}

/** The logistic function. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}
