/**
 * Issue 12 bug 5: `msr.lock` stored absolute paths, so a moved root retrained everything (and
 * logged duplicate tracking runs). At the CLI, as a user who moved their project meets it.
 */
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import type { CliIo } from './cli-io.js';
import { main } from './main.js';

let fixture: PipelineRoot;
let parent: string;
beforeEach(async () => {
  fixture = await pipelineRoot();
  parent = await mkdtemp(join(tmpdir(), 'msr-moved-'));
  // A root that can move: the dataset named relative to it, as a user's config.yaml would.
  await writeFile(fixture.config, (await readFile(fixture.config, 'utf8')).replace(/source_URL: .*/, 'source_URL: dataset.csv'));
});
afterEach(async () => {
  await rm(fixture.root, { recursive: true, force: true });
  await rm(parent, { recursive: true, force: true });
});

function io(cwd: string): CliIo & { out: () => string } {
  let out = '';
  return { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true }, env: {}, cwd, out: () => out };
}

const ARGS = ['--config', 'config.yaml', '--params', 'quick-params.yaml', '--json'];

/**
 * Runs the pipeline and checks msr.lock names `path` relative to the root; then moves the root
 * away, checks `msr status` finds every stage up to date there and `msr run` runs nothing, and
 * moves the root back.
 */
async function expectUpToDateWhenMoved(path: string): Promise<void> {
  expect(await main(['run', ...ARGS], io(fixture.root))).toBe(0);
  const lock = await readFile(join(fixture.root, 'msr.lock'), 'utf8');
  expect(lock).not.toContain(fixture.root);
  expect(lock).toContain(`"path": "${path}"`);

  const moved = join(parent, 'project');
  await rename(fixture.root, moved);
  try {
    const status = io(moved);
    expect(await main(['status', ...ARGS], status)).toBe(0);
    const states = JSON.parse(status.out()).stages as { name: string; state: string; reasons: string[] }[];
    expect(states.filter((s) => s.state !== 'up-to-date')).toEqual([]);
    const again = io(moved);
    expect(await main(['run', ...ARGS], again)).toBe(0);
    expect(JSON.parse(again.out()).ran).toEqual([]);
  } finally {
    await rename(moved, fixture.root);
  }
}

describe('a moved root (issue 12 bug 5)', () => {
  it('stays up to date: msr.lock names files relative to the root', async () => {
    await expectUpToDateWhenMoved('data/raw/song_df.csv');
  });

  it('stays up to date when a file below the root has a name starting with two dots', async () => {
    // `..dataset.csv` lies inside the root; only a `..` path segment leads out of it.
    await rename(fixture.dataset, join(fixture.root, '..dataset.csv'));
    await writeFile(fixture.config, (await readFile(fixture.config, 'utf8')).replace(/source_URL: .*/, 'source_URL: ..dataset.csv'));
    await expectUpToDateWhenMoved('..dataset.csv');
  });
});
