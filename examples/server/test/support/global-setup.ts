/**
 * Vitest global setup of the server project: builds the test pipeline template once per run
 * (a real pipeline trained on the generated test dataset, in a few seconds) in a child process
 * from source, and hands its folder to the tests (`inject('serverPipelineTemplate')`). Every
 * test app copies it, so each starts with a real model and its own pipeline root.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    serverPipelineTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'msr-server-template-'));
  const script = fileURLToPath(new URL('./build-test-pipeline.ts', import.meta.url));
  // From the repository root, where `--import tsx` resolves (the workspace's hoisted tsx).
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=@msr/source', '--import', 'tsx', script, dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`building the server tests' pipeline template failed (exit ${code}):\n${output}`);
  project.provide('serverPipelineTemplate', dir);
  return () => rm(dir, { recursive: true, force: true });
}
