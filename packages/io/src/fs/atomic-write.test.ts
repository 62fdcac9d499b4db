import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileAtomic, isTempFile, tempPathFor, writeFileAtomic, writeStreamAtomic } from './atomic-write.js';

const dirs: string[] = [];
const scratch = async (): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'msr-io-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('atomic writes', () => {
  it('write, stream and copy through a temp file, creating parents, leaving no temp behind', async () => {
    const dir = await scratch();
    await writeFileAtomic(join(dir, 'a', 'b.txt'), 'one');
    await writeFileAtomic(join(dir, 'a', 'b.txt'), 'two');
    await writeStreamAtomic(join(dir, 'a', 'c.txt'), new Response('streamed').body);
    await copyFileAtomic(join(dir, 'a', 'b.txt'), join(dir, 'd', 'e.txt'));
    expect(await readFile(join(dir, 'a', 'b.txt'), 'utf8')).toBe('two');
    expect(await readFile(join(dir, 'a', 'c.txt'), 'utf8')).toBe('streamed');
    expect(await readFile(join(dir, 'd', 'e.txt'), 'utf8')).toBe('two');
    expect((await readdir(join(dir, 'a'))).sort()).toEqual(['b.txt', 'c.txt']);
  });

  it('removes the temp file and keeps the old content when writing fails', async () => {
    const dir = await scratch();
    await writeFileAtomic(join(dir, 'x.txt'), 'kept');
    await expect(copyFileAtomic(join(dir, 'missing'), join(dir, 'x.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(dir)).toEqual(['x.txt']);
    expect(await readFile(join(dir, 'x.txt'), 'utf8')).toBe('kept');
  });

  it('creates the file with the mode asked for (a secret: owner only), replacing one with another mode', async () => {
    const file = join(await scratch(), 'secret.json');
    await writeFileAtomic(file, 'old');
    await writeFileAtomic(file, 'new', { mode: 0o600 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe('new');
  });

  it('recognises its temp files, and those of the MLflow store before them', () => {
    expect(isTempFile(tempPathFor('/runs/1/metrics/accuracy'))).toBe(true);
    expect(isTempFile('metrics/accuracy.0123456789ab.tmp')).toBe(true);
    expect(isTempFile('accuracy')).toBe(false);
    expect(isTempFile('notes.tmp')).toBe(false);
  });
});
