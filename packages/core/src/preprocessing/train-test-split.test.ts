import { describe, expect, it } from 'vitest';
import { recordingGroups } from './recording-groups.js';
import { createPrng } from '../random/prng.js';
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
    ['stratify of another length', () => trainTestSplitIndices(4, { stratify: [0, 1] }), 'options.stratify: has 2 elements but nSamples is 4 rows'],
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
    expect((error as Error).message).toBe('options.stratify: class "edm" has only 1 group; each needs at least 2 (3 rows)');
    expect(error).toMatchObject({ argument: 'options.stratify' });
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

describe('recordingGroups, joins and keys', () => {
  it('joins two groups found earlier when a later song matches both (features one, name the other)', () => {
    // Song 2 has song 0's features and song 1's name and artist: all three are one recording.
    const groups = recordingGroups([{ features: [1] }, { features: [2], name: 'Song', artist: 'Band' }, { features: [1], name: 'Song', artist: 'Band' }, { features: [3] }]);
    expect(Array.from(groups)).toEqual([0, 0, 0, 1]);
  });

  it('keeps feature vectors apart that only agree once their numbers are run together', () => {
    expect(Array.from(recordingGroups([{ features: [1, 23] }, { features: [12, 3] }]))).toEqual([0, 1]);
  });

  it('does not join by a name without artists, or artists without a name', () => {
    const groups = recordingGroups([
      { features: [1], name: 'Intro' },
      { features: [2], name: 'Intro' },
      { features: [3], artist: 'Band' },
      { features: [4], artist: 'Band', name: '  ' },
    ]);
    expect(Array.from(groups)).toEqual([0, 1, 2, 3]);
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

describe('trainTestSplitIndices, exact sizes and order', () => {
  const count = (rows: Int32Array, labels: readonly string[], label: string) => Array.from(rows).filter((i) => labels[i] === label).length;

  it('reads testSize below 1 as a fraction rounded up, from 1 on as a number of rows', () => {
    // ceil(0.5 · 5) = 3; ceil(0.01 · 5) = 1; 1 is one row, not the whole set.
    expect(trainTestSplitIndices(5, { testSize: 0.5 }).test).toHaveLength(3);
    expect(trainTestSplitIndices(5, { testSize: 0.01 }).test).toHaveLength(1);
    expect(trainTestSplitIndices(5, { testSize: 1 }).test).toHaveLength(1);
    expect(trainTestSplitIndices(5, { testSize: 4 }).train).toHaveLength(1);
    // The default is a quarter: ceil(0.25 · 10) = 3.
    expect(trainTestSplitIndices(10).test).toHaveLength(3);
  });

  it('without shuffle, trains on the first rows and tests on the last, in order', () => {
    const { train, test } = trainTestSplitIndices(5, { testSize: 0.4, shuffle: false });
    expect([Array.from(train), Array.from(test)]).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it('with shuffle, trains on the first part of the seeded Fisher–Yates order of the rows and tests on the rest', () => {
    const order = createPrng(7).shuffle(Array.from({ length: 8 }, (_, i) => i));
    const { train, test } = trainTestSplitIndices(8, { testSize: 3, randomState: 7 });
    expect([Array.from(train), Array.from(test)]).toEqual([order.slice(0, 5), order.slice(5)]);
    // Seed 0 by default.
    expect(trainTestSplitIndices(8, { testSize: 3 })).toEqual(trainTestSplitIndices(8, { testSize: 3, randomState: 0 }));
  });

  it('gives the leftover row to the class with the largest remainder, the earlier class on a tie', () => {
    // 3 a + 3 b, 3 to train: 1.5 and 1.5 → 1 + 1, the tie's extra row to a: train a 2, b 1; test a 1, b 2.
    const tie = ['a', 'a', 'a', 'b', 'b', 'b'];
    const split = trainTestSplitIndices(6, { testSize: 0.5, stratify: tie });
    expect([count(split.train, tie, 'a'), count(split.train, tie, 'b'), count(split.test, tie, 'a'), count(split.test, tie, 'b')]).toEqual([2, 1, 1, 2]);
    // 5 a + 3 b + 2 c, 7 to train: 3.5, 2.1, 1.4 → 3 + 2 + 1, the extra to a (remainder .5): 4, 2, 1; test 1, 1, 1.
    const labels = ['c', 'a', 'b', 'a', 'c', 'a', 'b', 'a', 'b', 'a'];
    const { train, test } = trainTestSplitIndices(10, { testSize: 0.3, stratify: labels, randomState: 3 });
    expect(['a', 'b', 'c'].map((l) => count(train, labels, l))).toEqual([4, 2, 1]);
    expect(['a', 'b', 'c'].map((l) => count(test, labels, l))).toEqual([1, 1, 1]);
    expect([...train, ...test].sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it('stratifies numeric labels too', () => {
    const labels = Int32Array.from([0, 1, 0, 1, 0, 1, 0, 1]);
    const { test } = trainTestSplitIndices(8, { testSize: 0.5, stratify: labels, randomState: 1 });
    expect(Array.from(test, (i) => labels[i]).sort()).toEqual([0, 0, 1, 1]);
  });

  it.each([
    ['testSize 0', () => trainTestSplitIndices(5, { testSize: 0 }), 'options.testSize', 'ERR_OUT_OF_RANGE'],
    ['a fraction that rounds up to every row', () => trainTestSplitIndices(5, { testSize: 0.9 }), 'options.testSize: leaves no training rows (5 of 5 rows to test)', 'ERR_OUT_OF_RANGE'],
    ['a fractional number of rows', () => trainTestSplitIndices(5, { testSize: 1.5 }), 'options.testSize: must be an integer', 'ERR_INVALID_ARGUMENT'],
    ['a fractional seed', () => trainTestSplitIndices(5, { randomState: 0.5 }), 'options.randomState', 'ERR_INVALID_ARGUMENT'],
    ['a seed above 2^32', () => trainTestSplitIndices(5, { randomState: 2 ** 32 + 1 }), 'options.randomState', 'ERR_OUT_OF_RANGE'],
    ['a seed below −2^31', () => trainTestSplitIndices(5, { randomState: -(2 ** 31) - 1 }), 'options.randomState', 'ERR_OUT_OF_RANGE'],
    ['stratify without shuffle', () => trainTestSplitIndices(4, { shuffle: false, stratify: [0, 0, 1, 1] }), 'options.stratify: needs shuffle: true', 'ERR_INVALID_ARGUMENT'],
    [
      'fewer test rows than classes',
      () => trainTestSplitIndices(10, { testSize: 2, stratify: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'] }),
      'options.testSize: each part needs at least one sample per class (3 classes, 8 train, 2 test)',
      'ERR_OUT_OF_RANGE',
    ],
    [
      'fewer training rows than classes',
      () => trainTestSplitIndices(10, { testSize: 8, stratify: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'] }),
      'options.testSize: each part needs at least one sample per class (3 classes, 2 train, 8 test)',
      'ERR_OUT_OF_RANGE',
    ],
    ['a single group', () => trainTestSplitIndices(3, { groups: [7, 7, 7] }), 'options.groups: holds 1 group; a split needs at least 2', 'ERR_OUT_OF_RANGE'],
    ['groups of another length', () => trainTestSplitIndices(3, { groups: [1, 2] }), 'options.groups: has 2 elements but nSamples is 3 rows', 'ERR_LENGTH_MISMATCH'],
    ['stratify of another length with groups', () => trainTestSplitIndices(3, { groups: [1, 2, 3], stratify: [0, 1] }), 'options.stratify: has 2 elements but nSamples is 3 rows', 'ERR_LENGTH_MISMATCH'],
    ['labels of another length', () => trainTestSplit([[1], [2], [3]], [1, 2]), 'y: has 2 elements but X has 3 rows', 'ERR_LENGTH_MISMATCH'],
  ])('refuses %s, saying so', (_, fn, message, code) => {
    expect(fn).toThrow(expect.objectContaining({ code, message: expect.stringContaining(message) }));
  });

  it('accepts the extreme seeds', () => {
    expect(trainTestSplitIndices(4, { randomState: -(2 ** 31) }).test).toHaveLength(1);
    expect(trainTestSplitIndices(4, { randomState: 2 ** 32 }).test).toHaveLength(1);
  });

  it('with groups and no stratify, counts groups in testSize and keeps each group whole', () => {
    // 5 groups of 2 rows (numeric group ids, interleaved): 2 groups of 5 to test = 4 rows.
    const groups = [10, 20, 30, 40, 50, 10, 20, 30, 40, 50];
    const { train, test } = trainTestSplitIndices(10, { groups, testSize: 0.4, randomState: 5 });
    expect([train.length, test.length]).toEqual([6, 4]);
    const testGroups = new Set(Array.from(test, (i) => groups[i]));
    expect(testGroups.size).toBe(2);
    expect(Array.from(train).filter((i) => testGroups.has(groups[i]!))).toEqual([]);
    // A group's rows stay together, in row order.
    for (let k = 0; k < test.length; k += 2) expect(test[k + 1]! - test[k]!).toBe(5);
  });
});

describe('trainTestSplitIndices, stratified edges', () => {
  it('splits when each part holds exactly one row per class', () => {
    const labels = ['a', 'b', 'c', 'a', 'b', 'c'];
    const { train, test } = trainTestSplitIndices(6, { testSize: 3, stratify: labels, randomState: 2 });
    expect(Array.from(train, (i) => labels[i]).sort()).toEqual(['a', 'b', 'c']);
    expect(Array.from(test, (i) => labels[i]).sort()).toEqual(['a', 'b', 'c']);
  });

  it('refuses a split that would leave a class out of training, with the counts', () => {
    // 38 + 2 rows, 4 to train: 3.8 and 0.2 → 3 + 0, the extra row to class 0 (remainder .8): class 1 trains on nothing.
    const labels = Array.from({ length: 40 }, (_, i) => (i < 38 ? 0 : 1));
    const error = (() => {
      try {
        trainTestSplitIndices(40, { testSize: 36, stratify: labels });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SplitError);
    expect(error).toMatchObject({
      code: 'ERR_SPLIT_CLASS_EMPTY',
      argument: 'options.stratify',
      label: 1,
      counts: { total: 2, train: 0, test: 2 },
      message: 'options.stratify: class 1 would have 0 samples in train and 2 in test (of 2); change testSize or add samples',
    });
  });

  it('with groups, passes a refusal that is not about a class on unchanged', () => {
    // Not a class problem: refused as the ungrouped split refuses it, not as a SplitError with a row count.
    let error: unknown;
    try {
      trainTestSplitIndices(4, { groups: [1, 1, 2, 2], stratify: [0, 0, 1, 1], testSize: 2 });
    } catch (e) {
      error = e;
    }
    expect(error).not.toBeInstanceOf(SplitError);
    expect(error).toMatchObject({ code: 'ERR_OUT_OF_RANGE', message: 'options.testSize: leaves no training rows (2 of 2 rows to test)' });
  });
});
