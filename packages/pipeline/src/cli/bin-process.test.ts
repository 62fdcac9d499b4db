/**
 * The real `msr` process, run from source the way a user does outside the repository (issue 12
 * bugs 9 and 11): node + tsx's loader + `packages/pipeline/src/bin.ts`, working directory a
 * pipeline root in the temp directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunHistory } from '../history/run-history.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';

const bin = fileURLToPath(new URL('../bin.ts', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let fixture: PipelineRoot;
const children: ChildProcess[] = [];
beforeEach(async () => {
  fixture = await pipelineRoot();
});
afterEach(async () => {
  // A child never outlives its test (a failed Ctrl-C test would leave a long training running).
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(fixture.root, { recursive: true, force: true });
});

function msr(args: string[]): { child: ChildProcess; stderr: () => string; stdout: () => string; exit: Promise<{ code: number | null; at: number }> } {
  const child = spawn(process.execPath, ['--conditions=@msr/source', '--import', tsx, bin, ...args], { cwd: fixture.root, env: { ...process.env, MLFLOW_TRACKING_URI: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; at: number }>((resolve) => child.on('exit', (code) => resolve({ code, at: Date.now() })));
  return { child, stderr: () => stderr, stdout: () => stdout, exit };
}

describe('msr run from source outside the repository', () => {
  it('trains the classifier in its worker thread (issue 12 bug 11: tsx was not found)', async () => {
    expect(fixture.root.startsWith(fileURLToPath(new URL('../../../../', import.meta.url)))).toBe(false);
    const run = msr(['run', '--config', 'config.yaml', '--params', 'quick-params.yaml', '--json']);
    const { code } = await run.exit;
    expect(code, run.stderr()).toBe(0);
    expect(JSON.parse(run.stdout()).ran).toContain('model_trainer');
  });

  it('Ctrl-C stops a long training at once and exits 130 (issue 12 bug 9)', async () => {
    const params = join(fixture.root, 'long-params.yaml');
    await writeFile(params, (await readFile(fixture.quickParams, 'utf8')).replace('n_estimators: 20', 'n_estimators: 10000'));
    const run = msr(['run', '--config', 'config.yaml', '--params', params]);
    // Wait until the classifier is fitting (its stage-start line, then a moment).
    const deadline = Date.now() + 45_000;
    while (!run.stderr().includes('> model_trainer') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(run.stderr()).toContain('> model_trainer');
    await new Promise((r) => setTimeout(r, 1000));
    const sent = Date.now();
    run.child.kill('SIGINT');
    const { code, at } = await Promise.race([run.exit, new Promise<{ code: null; at: number }>((resolve) => setTimeout(() => resolve({ code: null, at: Date.now() }), 10_000))]);
    expect(code, run.stderr()).toBe(130);
    expect(at - sent).toBeLessThan(5000);
    expect(run.stderr()).toContain('interrupted (SIGINT)');
    expect(existsSync(join(fixture.root, '.msr/run.lock'))).toBe(false);
    const [last] = await new RunHistory(join(fixture.root, '.msr/history.jsonl')).list({ limit: 1 });
    expect(last).toMatchObject({ status: 'failed', error: { code: 'ERR_INTERRUPTED' } });
  });
});
