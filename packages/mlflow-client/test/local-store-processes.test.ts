/**
 * Processes sharing one local `mlruns` (a scheduled retrain and a script, say): they share nothing
 * but the files. Real processes, so it takes seconds; the exact interleavings are pinned in
 * local-tracking-store.test.ts with several stores in one process.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LocalTrackingStore } from '../src/store/local/local-tracking-store.js';

const WRITERS = 4;

function writer(root: string, go: string, n: number): { ready: Promise<void>; done: Promise<{ experimentId: string; version: string; source: string }> } {
  const script = fileURLToPath(new URL('./__fixtures__/local-store-writer.ts', import.meta.url));
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=@msr/source', '--import', 'tsx', script, root, go, String(n)], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let started: () => void = () => {};
  const ready = new Promise<void>((resolve) => (started = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith('ready\n')) started();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ experimentId: string; version: string; source: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').pop()!)) : reject(new Error(`writer ${n} exited ${String(code)}: ${stderr.slice(-2000)}`))));
  });
  // A writer that fails before its start line is reported, not waited for.
  done.catch(() => started());
  return { ready, done };
}

describe('several processes on one local mlruns folder', () => {
  it('make one experiment of a new name and register every model under a version of its own', async () => {
    const root = join(await mkdtemp(join(tmpdir(), 'msr-processes-')), 'mlruns');
    const go = join(root, '..', 'go');
    const writers = Array.from({ length: WRITERS }, (_, n) => writer(root, go, n));
    // Every process has loaded the store and is spinning at its start line.
    await Promise.all(writers.map((w) => w.ready));
    await writeFile(go, '');
    const results = await Promise.all(writers.map((w) => w.done));

    expect(new Set(results.map((r) => r.experimentId)).size).toBe(1);
    const store = new LocalTrackingStore({ root });
    expect((await store.listExperiments()).filter((e) => e.name === 'music_clf')).toHaveLength(1);
    expect(results.map((r) => r.version).sort()).toEqual(['1', '2', '3', '4']);
    const versions = await store.registry.listVersions('msr-recommender');
    expect(versions.map((v) => v.source).sort()).toEqual(results.map((r) => r.source).sort());
  }, 60_000);
});
