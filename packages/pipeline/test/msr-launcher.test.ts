/**
 * The `msr` command as npm links it (`bin/msr.js`), from a checkout: it runs the TypeScript source
 * in a child process, so a SIGTERM sent to it (what a process manager or `docker stop` sends) must
 * reach `msr worker`, which finishes and exits 0 — and the launcher with it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject, it } from 'vitest';

const LAUNCHER = fileURLToPath(new URL('../bin/msr.js', import.meta.url));
const redis = inject('redis');

it.skipIf(!redis.url)(`passes SIGTERM on to msr worker, which stops cleanly${redis.skipReason ? ` (skipped: ${redis.skipReason})` : ''}`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'msr-launcher-'));
  const child = spawn(process.execPath, [LAUNCHER, 'worker', '--redis', redis.url!, '--prefix', `launcher${process.pid}`, '--artifacts', join(dir, 'cas'), '--work-dir', join(dir, 'work')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MSR_CI: undefined },
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 45_000;
    while (!/ready on /.test(log) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(log).toMatch(/ready on /);
    child.kill('SIGTERM');
    expect(await exited, log).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
