/**
 * What lies below the pipeline's root: msr.lock, the queue runner and `msr init` write such paths
 * relative to the root. A name that merely starts with two dots is inside.
 */
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathBelow } from './path-below.js';

const root = join(sep, 'work', 'root');

describe('pathBelow', () => {
  it('gives the relative path of files and folders below the root, names starting with dots included', () => {
    expect(pathBelow(root, join(root, 'data', 'a.csv'))).toBe(join('data', 'a.csv'));
    expect(pathBelow(root, join(root, '..x'))).toBe('..x');
    expect(pathBelow(root, join(root, '..data', 'a.csv'))).toBe(join('..data', 'a.csv'));
    expect(pathBelow(root, join(root, '...'))).toBe('...');
    expect(pathBelow(root, join(root, 'a', '..', '..b'))).toBe('..b');
  });

  it('is undefined for the root itself and for anything outside it', () => {
    expect(pathBelow(root, root)).toBeUndefined();
    expect(pathBelow(root, join(root, 'a', '..'))).toBeUndefined();
    expect(pathBelow(root, join(sep, 'work'))).toBeUndefined();
    expect(pathBelow(root, join(sep, 'work', 'x.csv'))).toBeUndefined();
    expect(pathBelow(root, join(sep, 'work', 'root2', 'x.csv'))).toBeUndefined();
    expect(pathBelow(root, join(sep, 'work', '..x'))).toBeUndefined();
    expect(pathBelow(root, join(sep, 'elsewhere'))).toBeUndefined();
  });
});
