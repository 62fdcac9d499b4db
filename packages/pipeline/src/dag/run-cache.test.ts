/**
 * The run cache on its own, in a temp dir: what a key depends on, what `save` keeps (and refuses
 * to keep), and what `restore` puts back or declines. The runner's tests reach it only through
 * whole runs.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPath } from '../fs/hash-path.js';
import type { LockedPath } from './lock-file.js';
import { hashJson } from './plan.js';
import { RunCache } from './run-cache.js';

let dir: string;
let cache: RunCache;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msr-run-cache-'));
  cache = new RunCache(join(dir, 'cache'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `files` (name → content) under `dir/work` and returns their absolute paths and locked hashes. */
async function outputs(files: Record<string, string>): Promise<{ paths: string[]; outs: LockedPath[] }> {
  await mkdir(join(dir, 'work'), { recursive: true });
  const paths: string[] = [];
  const outs: LockedPath[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, 'work', name);
    await writeFile(path, content);
    paths.push(path);
    outs.push({ path: `work/${name}`, hash: await hashPath(path) });
  }
  return { paths, outs };
}

const inputs = { version: '1', config: 'c'.repeat(64), params: { lr: 0.1 }, deps: [{ path: 'data.csv', hash: 'd'.repeat(64) }] };

describe('RunCache.key', () => {
  it('is the hash of the stage name and what it read, nothing else', () => {
    const key = RunCache.key('train', inputs);
    expect(key).toBe(hashJson({ stage: 'train', version: '1', config: 'c'.repeat(64), params: { lr: 0.1 }, deps: inputs.deps }));
    expect(RunCache.key('train', { ...inputs, outs: [{ path: 'x', hash: null }] } as typeof inputs)).toBe(key);
    const others = [
      RunCache.key('cluster', inputs),
      RunCache.key('train', { ...inputs, version: '2' }),
      RunCache.key('train', { ...inputs, config: 'e'.repeat(64) }),
      RunCache.key('train', { ...inputs, params: { lr: 0.2 } }),
      RunCache.key('train', { ...inputs, deps: [{ path: 'data.csv', hash: null }] }),
    ];
    expect(new Set([key, ...others]).size).toBe(6);
  });
});

describe('RunCache.save and restore', () => {
  it('keeps the outputs by content hash and puts them back, creating their folders', async () => {
    const { paths, outs } = await outputs({ 'model.json': '{"w":1}', 'report.txt': 'ok' });
    await cache.save('k1', 'train', outs, paths);
    expect((await readdir(join(dir, 'cache', 'objects'))).sort()).toEqual(outs.map((o) => o.hash).sort());
    expect(JSON.parse(await readFile(join(dir, 'cache', 'runs', 'k1.json'), 'utf8'))).toEqual({ schema: 'msr.run-cache/1', stage: 'train', outs });

    const elsewhere = [join(dir, 'new', 'a', 'model.json'), join(dir, 'new', 'b', 'report.txt')];
    expect(await cache.restore('k1', elsewhere)).toEqual(outs);
    expect(await readFile(elsewhere[0]!, 'utf8')).toBe('{"w":1}');
    expect(await readFile(elsewhere[1]!, 'utf8')).toBe('ok');
    // Over an existing file too, and no temp files are left behind.
    await writeFile(paths[0]!, 'changed since');
    expect(await cache.restore('k1', paths)).toEqual(outs);
    expect(await readFile(paths[0]!, 'utf8')).toBe('{"w":1}');
    expect((await readdir(join(dir, 'work'))).sort()).toEqual(['model.json', 'report.txt']);
    expect((await readdir(join(dir, 'new', 'a')))).toEqual(['model.json']);
  });

  it('keeps one object per content: an object already cached is not copied again', async () => {
    const { paths, outs } = await outputs({ 'a.txt': 'same' });
    await mkdir(join(dir, 'cache', 'objects'), { recursive: true });
    await writeFile(join(dir, 'cache', 'objects', outs[0]!.hash!), 'already here');
    await cache.save('k2', 's', outs, paths);
    expect(await readFile(join(dir, 'cache', 'objects', outs[0]!.hash!), 'utf8')).toBe('already here');
    expect(await readdir(join(dir, 'cache', 'objects'))).toEqual([outs[0]!.hash]);
    expect(await readdir(join(dir, 'cache', 'runs'))).toEqual(['k2.json']);
  });

  it('keeps nothing when an output is missing, is a folder, or has no hash', async () => {
    const { paths, outs } = await outputs({ 'a.txt': 'a', 'b.txt': 'b' });
    await cache.save('gone', 's', outs, [paths[0]!, join(dir, 'work', 'missing.txt')]);
    await cache.save('folder', 's', outs, [paths[0]!, join(dir, 'work')]);
    await cache.save('nohash', 's', [outs[0]!, { path: 'work/b.txt', hash: null }], paths);
    await expect(readdir(join(dir, 'cache'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await cache.restore('gone', paths)).toBeUndefined();
  });

  it('declines (undefined) an unknown key, a garbled or foreign entry, another number of files, and a lost object', async () => {
    const { paths, outs } = await outputs({ 'a.txt': 'a', 'b.txt': 'b' });
    await cache.save('k', 's', outs, paths);
    const target = [join(dir, 'out', 'a.txt'), join(dir, 'out', 'b.txt')];
    expect(await cache.restore('unknown', target)).toBeUndefined();
    expect(await cache.restore('k', [target[0]!])).toBeUndefined();
    await writeFile(join(dir, 'cache', 'runs', 'garbled.json'), '{ not json');
    expect(await cache.restore('garbled', target)).toBeUndefined();
    await writeFile(join(dir, 'cache', 'runs', 'foreign.json'), JSON.stringify({ schema: 'msr.run-cache/0', stage: 's', outs }));
    expect(await cache.restore('foreign', target)).toBeUndefined();
    await writeFile(join(dir, 'cache', 'runs', 'nohash.json'), JSON.stringify({ schema: 'msr.run-cache/1', stage: 's', outs: [outs[0], { path: 'work/b.txt', hash: null }] }));
    expect(await cache.restore('nohash', target)).toBeUndefined();
    await rm(join(dir, 'cache', 'objects', outs[1]!.hash!));
    expect(await cache.restore('k', target)).toBeUndefined();
    await mkdir(join(dir, 'cache', 'objects', outs[1]!.hash!));
    expect(await cache.restore('k', target)).toBeUndefined();
    // Nothing was written for any of them.
    await expect(readdir(join(dir, 'out'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('throws other read errors, and removes its temp file when a file cannot be replaced', async () => {
    await mkdir(join(dir, 'cache', 'runs', 'dir.json'), { recursive: true });
    await expect(cache.restore('dir', [])).rejects.toMatchObject({ code: 'EISDIR' });
    const { paths, outs } = await outputs({ 'a.txt': 'a' });
    await cache.save('k', 's', outs, paths);
    const blocked = join(dir, 'blocked');
    await mkdir(join(blocked, 'a.txt'), { recursive: true }); // a folder where the file goes
    await expect(cache.restore('k', [join(blocked, 'a.txt')])).rejects.toThrow();
    expect(await readdir(blocked)).toEqual(['a.txt']);
  });
});
