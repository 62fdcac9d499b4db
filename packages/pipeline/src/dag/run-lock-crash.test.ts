/**
 * A real crash (SIGKILL of a child mid-stage) and the run that recovers its lock: kept apart from
 * run-lock.test.ts, whose cases are fast and exact, because it spawns a process (seconds).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { DagRunner } from './dag-runner.js';
import type { PipelineEvent } from './pipeline-event.js';
import { readHolder } from './run-lock.js';

let root: string;
const lockPath = (): string => join(root, '.msr/run.lock');
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'msr-crash-'));
  await mkdir(join(root, '.msr'));
  return () => rm(root, { recursive: true, force: true });
});

describe('a crash in the middle of a stage', () => {
  it('leaves the previous output intact, the lock is recognised as stale, and a re-run completes', async () => {
    await writeFile(join(root, 'source.txt'), 'v2');
    await writeFile(join(root, 'out.txt'), 'previous output');
    const script = fileURLToPath(new URL('./__fixtures__/crash-mid-stage.ts', import.meta.url));
    const repo = fileURLToPath(new URL('../../../../', import.meta.url));
    const child = spawnSync(process.execPath, ['--conditions=@msr/source', '--import', 'tsx', script, root], { cwd: repo, encoding: 'utf8' });
    expect(child.signal, child.stderr).toBe('SIGKILL');

    expect(await readFile(join(root, 'out.txt'), 'utf8')).toBe('previous output');
    const dead = await readHolder(lockPath());
    expect(dead!.pid).toBe(child.pid);

    const events: PipelineEvent[] = [];
    const runner = new DagRunner({
      lockFile: join(root, 'msr.lock'),
      runLockFile: lockPath(),
      onEvent: (e) => events.push(e),
      stages: [{ name: 'write', deps: [join(root, 'source.txt')], outs: [join(root, 'out.txt')], run: async () => writeFileAtomic(join(root, 'out.txt'), 'new output') }],
    });
    const result = await runner.run();
    expect(result.status).toBe('succeeded');
    expect(events.find((e) => e.type === 'lock-recovered')).toMatchObject({ reason: `process ${child.pid} on ${dead!.host} is gone` });
    expect(await readFile(join(root, 'out.txt'), 'utf8')).toBe('new output');
    // The crash's orphaned temp file was removed on recovery; the run lock is released.
    expect((await readdir(root)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await readdir(join(root, '.msr'))).filter((f) => f === 'run.lock')).toEqual([]);
  });
});
