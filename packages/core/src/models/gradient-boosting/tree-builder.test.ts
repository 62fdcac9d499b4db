import { describe, expect, it } from 'vitest';
import { TreeBuilder } from './tree-builder.js';

describe('TreeBuilder', () => {
  it('allocates consecutive nodes as leaves with value 0, even where nodes were used before', () => {
    const builder = new TreeBuilder(8);
    expect(builder.allocate(1)).toBe(0);
    expect(builder.allocate(2)).toBe(1);
    expect(builder.size).toBe(3);
    builder.feature.fill(5);
    builder.value.fill(9);
    builder.roots.push(0, 1);
    // Truncating to the first tree frees nodes 1 and 2; allocating again must reset them.
    builder.truncate(1);
    expect(builder.size).toBe(1);
    expect(builder.allocate(3)).toBe(1);
    expect(Array.from(builder.feature.subarray(0, 5))).toEqual([5, -1, -1, -1, 5]);
    expect(Array.from(builder.value.subarray(0, 5))).toEqual([9, 0, 0, 0, 9]);
  });

  it('grows by doubling when full, keeping every array’s contents', () => {
    const builder = new TreeBuilder(2);
    builder.allocate(2);
    // Exactly full: no growth yet.
    expect(builder.feature).toHaveLength(2);
    builder.feature.set([0, -1]);
    builder.threshold.set([1.5, 0]);
    builder.binThreshold.set([7, 0]);
    builder.left.set([1, 0]);
    builder.value.set([0, -0.25]);
    // One more node: double the capacity (4).
    expect(builder.allocate(1)).toBe(2);
    for (const array of [builder.feature, builder.threshold, builder.binThreshold, builder.left, builder.value]) expect(array).toHaveLength(4);
    expect(Array.from(builder.feature)).toEqual([0, -1, -1, 0]);
    expect(Array.from(builder.threshold)).toEqual([1.5, 0, 0, 0]);
    expect(Array.from(builder.binThreshold)).toEqual([7, 0, 0, 0]);
    expect(Array.from(builder.left)).toEqual([1, 0, 0, 0]);
    expect(Array.from(builder.value)).toEqual([0, -0.25, 0, 0]);
    // A request larger than double: exactly what is needed (3 + 6 = 9 > 8).
    expect(builder.allocate(6)).toBe(3);
    expect(builder.feature).toHaveLength(9);
    expect(builder.size).toBe(9);
    expect(Array.from(builder.feature.subarray(3))).toEqual([-1, -1, -1, -1, -1, -1]);
  });

  it('truncate keeps a prefix of the trees; asking for as many or more trees changes nothing', () => {
    const builder = new TreeBuilder();
    for (const count of [1, 3, 5]) builder.roots.push(builder.allocate(count));
    expect(builder.roots).toEqual([0, 1, 4]);
    builder.truncate(3);
    builder.truncate(4);
    expect(builder.roots).toEqual([0, 1, 4]);
    expect(builder.size).toBe(9);
    builder.truncate(2);
    expect(builder.roots).toEqual([0, 1]);
    expect(builder.size).toBe(4);
    builder.truncate(0);
    expect(builder.roots).toEqual([]);
    expect(builder.size).toBe(0);
  });

  it('starts with room for 1024 nodes by default', () => {
    expect(new TreeBuilder().feature).toHaveLength(1024);
  });
});
