import { describe, expect, it } from 'vitest';
import { trainTestSplit, trainTestSplitIndices } from './train-test-split.js';

describe('trainTestSplitIndices', () => {
  it('splits like scikit-learn’s sizes (test rounded up), disjoint and complete, seeded', () => {
    const { train, test } = trainTestSplitIndices(101, { testSize: 0.2, randomState: 42 });
    expect(test).toHaveLength(21);
    expect(train).toHaveLength(80);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect(trainTestSplitIndices(101, { testSize: 0.2, randomState: 42 })).toEqual({ train, test });
    expect(trainTestSplitIndices(101, { testSize: 0.2, randomState: 43 }).test).not.toEqual(test);
  });

  it('takes an absolute test size, and the last rows when not shuffling', () => {
    expect(Array.from(trainTestSplitIndices(5, { testSize: 2, shuffle: false }).test)).toEqual([3, 4]);
  });

  it('keeps each class’s share in both parts when stratified', () => {
    const labels = Array.from({ length: 200 }, (_, i) => (i < 150 ? 'a' : i < 190 ? 'b' : 'c'));
    const { train, test } = trainTestSplitIndices(labels.length, { testSize: 0.2, stratify: labels, randomState: 1 });
    const count = (rows: Int32Array, label: string) => Array.from(rows).filter((i) => labels[i] === label).length;
    expect([count(test, 'a'), count(test, 'b'), count(test, 'c')]).toEqual([30, 8, 2]);
    expect([count(train, 'a'), count(train, 'b'), count(train, 'c')]).toEqual([120, 32, 8]);
  });

  it.each([
    ['a test part leaving no training rows', () => trainTestSplitIndices(4, { testSize: 4 }), /options.testSize/],
    ['a single-sample class when stratified', () => trainTestSplitIndices(4, { stratify: [0, 0, 0, 1] }), /class 1 has only 1 sample/],
    ['stratify of another length', () => trainTestSplitIndices(4, { stratify: [0, 1] }), /options.stratify/],
    ['fewer than two samples', () => trainTestSplitIndices(1), /nSamples/],
  ])('refuses %s', (_, fn, message) => {
    expect(fn).toThrow(message);
  });
});

describe('trainTestSplit', () => {
  it('splits rows and labels alike', () => {
    const X = Array.from({ length: 10 }, (_, i) => [i]);
    const y = X.map(([i]) => i! * 10);
    const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { testSize: 0.3, randomState: 0 });
    expect(XTest).toHaveLength(3);
    expect(XTrain.map(([i]) => i! * 10)).toEqual(yTrain);
    expect(XTest.map(([i]) => i! * 10)).toEqual(yTest);
  });
});
