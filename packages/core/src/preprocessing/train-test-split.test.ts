import { describe, expect, it } from 'vitest';
import { recordingGroups } from './recording-groups.js';
import { SplitError, trainTestSplit, trainTestSplitIndices } from './train-test-split.js';

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
    ['a class the split would leave out of the test part', () => trainTestSplitIndices(40, { testSize: 0.1, stratify: Array.from({ length: 40 }, (_, i) => (i < 38 ? 0 : 1)) }), /class 1 would have 2 samples in train and 0 in test \(of 2\)/],
    ['stratify of another length', () => trainTestSplitIndices(4, { stratify: [0, 1] }), /options.stratify/],
    ['fewer than two samples', () => trainTestSplitIndices(1), /nSamples/],
  ])('refuses %s', (_, fn, message) => {
    expect(fn).toThrow(message);
  });
});

describe('trainTestSplitIndices with groups', () => {
  // 60 songs, 30 recordings (each released twice), 3 genres of 10 recordings.
  const groups = Array.from({ length: 60 }, (_, i) => `r${i % 30}`);
  const genres = Array.from({ length: 60 }, (_, i) => ['pop', 'rock', 'jazz'][(i % 30) % 3]!);

  it('never puts two songs of one recording in different parts, stratified by genre per recording', () => {
    const { train, test } = trainTestSplitIndices(60, { testSize: 0.2, randomState: 42, groups, stratify: genres });
    const trainGroups = new Set(Array.from(train, (i) => groups[i]));
    expect(Array.from(test).filter((i) => trainGroups.has(groups[i]!))).toEqual([]);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    // testSize counts recordings: 6 of 30, two per genre, each with its two releases.
    expect(test).toHaveLength(12);
    expect(['pop', 'rock', 'jazz'].map((g) => Array.from(test).filter((i) => genres[i] === g).length)).toEqual([4, 4, 4]);
    expect(trainTestSplitIndices(60, { testSize: 0.2, randomState: 42, groups, stratify: genres })).toEqual({ train, test });
  });

  it('refuses, naming the genre and the counts, a genre with one recording however many rows it has', () => {
    const g = [...groups, 'solo', 'solo', 'solo'];
    const y = [...genres, 'edm', 'edm', 'edm'];
    let error: unknown;
    try {
      trainTestSplitIndices(63, { groups: g, stratify: y });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SplitError);
    expect(error).toMatchObject({ code: 'ERR_SPLIT_CLASS_TOO_SMALL', label: 'edm', counts: { total: 1, rows: 3 } });
    expect((error as Error).message).toMatch(/class "edm" has only 1 group; each needs at least 2 \(3 rows\)/);
  });

  it('refuses a split that would leave a genre without a test recording', () => {
    const g = [...groups, 'a', 'b'];
    const y = [...genres, 'edm', 'edm'];
    expect(() => trainTestSplitIndices(62, { testSize: 0.15, groups: g, stratify: y })).toThrow(expect.objectContaining({ code: 'ERR_SPLIT_CLASS_EMPTY', label: 'edm' }));
  });
});

describe('recordingGroups', () => {
  it('joins identical feature vectors, and the same name and artists', () => {
    const groups = recordingGroups([
      { features: [1, 2, 3] },
      { features: [1, 2, 4], name: 'Song', artist: 'Band' },
      { features: [1, 2, 3], name: 'Other', artist: 'X' },
      { features: [9, 9, 9], name: ' song ', artist: 'BAND' },
      { features: [5, 5, 5], name: 'Song', artist: '' },
      { features: [1, 2, 3.0000000001] },
    ]);
    expect(Array.from(groups)).toEqual([0, 1, 0, 1, 2, 3]);
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
