import { describe, expect, it } from 'vitest';
import { lossGradients, meanLogLoss, sigmoid, softmax } from './log-loss.js';

// Every expectation below is hand arithmetic on raw scores chosen so the probabilities are
// simple fractions: σ(ln 3) = 3/4, σ(−ln 3) = 1/4, softmax(0, ln 2, ln 5) = (1, 2, 5)/8.
const ln = Math.log;
const close = (actual: ArrayLike<number>, expected: number[]): void => {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 12));
};

describe('sigmoid', () => {
  it('is 1/(1+e^−z) on both sides of 0, without overflow far out', () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(ln(3))).toBeCloseTo(0.75, 15);
    expect(sigmoid(-ln(3))).toBeCloseTo(0.25, 15);
    // e^800 is Infinity: the naive e^z/(1+e^z) would give NaN at z = 800, 1/(1+e^800) = 0 at −800.
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(-30)).toBeCloseTo(Math.exp(-30), 25);
  });
});

describe('softmax', () => {
  it('normalises exponentials, reading from `from` and writing at `to`', () => {
    const out = new Float64Array(5).fill(-1);
    softmax(Float64Array.of(9, 9, 0, ln(2), ln(5)), 2, 3, out, 1);
    expect(out[0]).toBe(-1);
    close(out.subarray(1, 4), [1 / 8, 2 / 8, 5 / 8]);
    expect(out[4]).toBe(-1);
  });

  it('subtracts the largest score first, so huge scores do not overflow', () => {
    const out = new Float64Array(2);
    // e^1000 is Infinity; after the shift the scores are 0 and −ln 3: (3, 1)/4.
    softmax(Float64Array.of(1000, 1000 - ln(3)), 0, 2, out, 0);
    close(out, [0.75, 0.25]);
    softmax(Float64Array.of(-1000, -1000 - ln(3)), 0, 2, out, 0);
    close(out, [0.75, 0.25]);
  });
});

describe('lossGradients', () => {
  it('binary logistic loss: g = p − y, h = p(1 − p)', () => {
    const g = new Float64Array(3);
    const h = new Float64Array(3);
    lossGradients(Float64Array.of(0, ln(3), -ln(3)), Int32Array.of(1, 0, 1), 1, g, h, new Float64Array(1));
    close(g, [0.5 - 1, 0.75, 0.25 - 1]);
    close(h, [0.25, 3 / 16, 3 / 16]);
  });

  it('softmax cross-entropy: g_k = p_k − [y = k], h_k = p_k(1 − p_k), one column block per class', () => {
    // Row 0: p = (1, 2, 5)/8, label 1. Row 1: scores (ln 3, 0, 0), p = (3, 1, 1)/5, label 0.
    const g = new Float64Array(6);
    const h = new Float64Array(6);
    lossGradients(Float64Array.of(0, ln(2), ln(5), ln(3), 0, 0), Int32Array.of(1, 0), 3, g, h, new Float64Array(3));
    // gradients[k * n + i]: class 0 of rows 0, 1, then class 1, then class 2.
    close(g, [1 / 8, 3 / 5 - 1, 2 / 8 - 1, 1 / 5, 5 / 8, 1 / 5]);
    close(h, [(1 / 8) * (7 / 8), (3 / 5) * (2 / 5), (2 / 8) * (6 / 8), (1 / 5) * (4 / 5), (5 / 8) * (3 / 8), (1 / 5) * (4 / 5)]);
  });
});

describe('meanLogLoss', () => {
  it('binary: the mean of −log p(true class)', () => {
    // −log σ(0) = ln 2; class 0 at z = ln 3: −log(1/4) = ln 4; class 1 at z = ln 3: −log(3/4).
    expect(meanLogLoss(Float64Array.of(0, ln(3), ln(3)), Int32Array.of(1, 0, 1), 1)).toBeCloseTo((ln(2) + ln(4) + ln(4 / 3)) / 3, 12);
    // Class 1 at z = −ln 3: −log(1/4); class 0 at z = −ln 3: −log(3/4).
    expect(meanLogLoss(Float64Array.of(-ln(3), -ln(3)), Int32Array.of(1, 0), 1)).toBeCloseTo((ln(4) + ln(4 / 3)) / 2, 12);
  });

  it('binary: far-out scores give the exact loss, not Infinity or NaN', () => {
    // A confident wrong answer at |z| = 1000 costs 1000 nats; a confident right one costs e^−1000 ≈ 0.
    expect(meanLogLoss(Float64Array.of(1000), Int32Array.of(0), 1)).toBe(1000);
    expect(meanLogLoss(Float64Array.of(-1000), Int32Array.of(1), 1)).toBe(1000);
    expect(meanLogLoss(Float64Array.of(1000, -1000), Int32Array.of(1, 0), 1)).toBe(0);
  });

  it('multiclass: the mean of −log softmax(true class), overflow-safe', () => {
    // Row 0: −log(2/8) = ln 4 (label 1); row 1: −log(3/5) (label 0).
    expect(meanLogLoss(Float64Array.of(0, ln(2), ln(5), ln(3), 0, 0), Int32Array.of(1, 0), 3)).toBeCloseTo((ln(4) + ln(5 / 3)) / 2, 12);
    // Shifted by 1000 the probabilities are unchanged; label 2 has 5/8.
    expect(meanLogLoss(Float64Array.of(1000, 1000 + ln(2), 1000 + ln(5)), Int32Array.of(2), 3)).toBeCloseTo(ln(8 / 5), 12);
  });
});
