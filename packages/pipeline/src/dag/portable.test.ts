/**
 * Paths below the pipeline's root written root-relative (`msr-root:`, `msr-root-url:`) so a moved
 * or copied root means the same, and back: exact strings (the runner's and the tracking tests
 * reach this only through whole runs).
 */
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromPortable, lockPath, toPortable } from './portable.js';

const root = join(sep, 'work', 'root');
const moved = join(sep, 'elsewhere', 'copy');
const url = (path: string): string => pathToFileURL(path).href;

describe('toPortable', () => {
  it('writes the root and paths below it relative to the root, with /', () => {
    expect(toPortable(root, root)).toBe('msr-root:');
    expect(toPortable(join(root, 'data', 'raw', 'song_df.csv'), root)).toBe('msr-root:data/raw/song_df.csv');
  });

  it('leaves paths outside the root alone, including a sibling that shares its prefix', () => {
    expect(toPortable(`${root}2${sep}x.csv`, root)).toBe(`${root}2${sep}x.csv`);
    expect(toPortable(join(sep, 'work'), root)).toBe(join(sep, 'work'));
    expect(toPortable('data/raw', root)).toBe('data/raw');
    expect(toPortable('', root)).toBe('');
  });

  it('writes file: URLs of the root and below it as msr-root-url:, decoded', () => {
    expect(toPortable(url(root), root)).toBe('msr-root-url:');
    expect(toPortable(url(join(root, 'ml runs', 'store.db')), root)).toBe('msr-root-url:ml runs/store.db');
    expect(toPortable(`${url(root)}2/x`, root)).toBe(`${url(root)}2/x`);
    expect(toPortable('http://127.0.0.1:5000/work/root', root)).toBe('http://127.0.0.1:5000/work/root');
  });

  it('goes through arrays and objects, and leaves other values as they are', () => {
    const value = { a: [join(root, 'x'), 1, null, true], b: { c: url(join(root, 'y')), d: undefined }, e: 'text' };
    expect(toPortable(value, root)).toEqual({ a: ['msr-root:x', 1, null, true], b: { c: 'msr-root-url:y', d: undefined }, e: 'text' });
    expect(toPortable(3, root)).toBe(3);
    expect(toPortable(null, root)).toBeNull();
    expect(toPortable(false, root)).toBe(false);
  });
});

describe('fromPortable', () => {
  it('puts marked paths and URLs below another root, and leaves everything else alone', () => {
    expect(fromPortable('msr-root:', moved)).toBe(moved);
    expect(fromPortable('msr-root:data/raw/song_df.csv', moved)).toBe(join(moved, 'data', 'raw', 'song_df.csv'));
    expect(fromPortable('msr-root:a//b/', moved)).toBe(join(moved, 'a', 'b'));
    expect(fromPortable('msr-root-url:', moved)).toBe(url(moved));
    expect(fromPortable('msr-root-url:ml runs/store.db', moved)).toBe(url(join(moved, 'ml runs', 'store.db')));
    expect(fromPortable('see msr-root:x', moved)).toBe('see msr-root:x');
    expect(fromPortable([{ p: ['msr-root:x'] }, 2, null], moved)).toEqual([{ p: [join(moved, 'x')] }, 2, null]);
    expect(fromPortable(false, moved)).toBe(false);
  });

  it('inverts toPortable for the moved root', () => {
    const value = { store: url(join(root, 'mlruns')), files: [join(root, 'a.csv'), join(sep, 'data', 'outside.csv')], n: 4 };
    expect(fromPortable(toPortable(value, root), moved)).toEqual({ store: url(join(moved, 'mlruns')), files: [join(moved, 'a.csv'), join(sep, 'data', 'outside.csv')], n: 4 });
  });
});

describe('lockPath', () => {
  it('names a path below the root relative to it with /, the root itself and paths outside absolutely', () => {
    expect(lockPath(root, join(root, 'data', 'x.csv'))).toBe('data/x.csv');
    expect(lockPath(root, root)).toBe(root);
    expect(lockPath(root, join(sep, 'work', 'other', 'x.csv'))).toBe(join(sep, 'work', 'other', 'x.csv'));
    expect(lockPath(root, `${root}2`)).toBe(`${root}2`);
    // Only a `..` segment leads out: names starting with two dots are below the root.
    expect(lockPath(root, join(root, '..x.csv'))).toBe('..x.csv');
    expect(lockPath(root, join(root, '..data', 'x.csv'))).toBe('..data/x.csv');
  });
});
