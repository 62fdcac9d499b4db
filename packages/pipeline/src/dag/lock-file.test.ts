import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLockFile, writeLockFile, type LockFileContent, type LockedStage } from './lock-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msr-lockfile-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const locked = (at: number): LockedStage => ({ version: '1', deps: [{ path: '/d', hash: 'a'.repeat(64) }], params: { lr: 0.1 }, config: 'c'.repeat(64), outs: [{ path: '/o', hash: null }], at });

describe('the lock file', () => {
  it('is empty when missing, and round-trips with its stages sorted by name', async () => {
    const path = join(dir, 'msr.lock');
    expect(await readLockFile(path)).toEqual({ schema: 'msr.lock/1', stages: {} });
    const content: LockFileContent = { schema: 'msr.lock/1', stages: { train: locked(2), split: locked(1), assemble: locked(3) } };
    await writeLockFile(path, content);
    const text = await readFile(path, 'utf8');
    expect(Object.keys(JSON.parse(text).stages)).toEqual(['assemble', 'split', 'train']);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schema": "msr.lock/1",\n');
    expect(await readLockFile(path)).toEqual(content);
    // Sorted whatever order they come in.
    for (const order of [['split', 'assemble', 'train'], ['assemble', 'train', 'split'], ['train', 'assemble', 'split']]) {
      await writeLockFile(path, { schema: 'msr.lock/1', stages: Object.fromEntries(order.map((n, i) => [n, locked(i)])) });
      expect(Object.keys(JSON.parse(await readFile(path, 'utf8')).stages), order.join()).toEqual(['assemble', 'split', 'train']);
    }
  });

  it('treats an unreadable file as empty and says why, but does not hide other read errors', async () => {
    const cases: [string, RegExp][] = [
      ['{ not json', /unreadable \(.*JSON.*\); every stage will re-run$/],
      ['{"schema":"dvc.lock/2","stages":{}}', /unreadable \(not an msr\.lock\/1 file\); every stage will re-run$/],
      ['{"schema":"msr.lock/1","stages":null}', /not an msr\.lock\/1 file/],
      ['{"schema":"msr.lock/1"}', /not an msr\.lock\/1 file/],
    ];
    for (const [text, reason] of cases) {
      const path = join(dir, 'bad.lock');
      await writeFile(path, text);
      const reasons: string[] = [];
      expect(await readLockFile(path, (r) => reasons.push(r)), text).toEqual({ schema: 'msr.lock/1', stages: {} });
      expect(reasons, text).toHaveLength(1);
      expect(reasons[0], text).toMatch(reason);
      expect(reasons[0]!.startsWith(`${path} is unreadable (`), text).toBe(true);
    }
    const folder = join(dir, 'a-directory');
    await mkdir(folder);
    await expect(readLockFile(folder)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
