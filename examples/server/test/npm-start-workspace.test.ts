/**
 * `npm start -w @msr/example-server`, run from the repository root as the guides show it (issue 16
 * item 10: npm runs workspace scripts in `examples/server`, so relative defaults resolved there and
 * the first training found no `fixtures/dataset.zip`). The dataset and playlists stay at their
 * relative defaults; what the server writes goes to relative paths under the git-ignored
 * `.artifacts/` of the repository root, so the test shows where relative paths land without
 * touching a developer's `data/`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { freePort, waitForStatus } from './support/free-port.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER = fileURLToPath(new URL('../', import.meta.url));
const scratch: string[] = [];
afterEach(() => {
  while (scratch.length) {
    const rel = scratch.pop()!;
    rmSync(join(REPO, rel), { recursive: true, force: true });
    rmSync(join(SERVER, rel), { recursive: true, force: true });
  }
});

it('npm start -w @msr/example-server resolves relative paths against the folder it was typed in', async () => {
  const rel = join('.artifacts', `npm-start-${process.pid}-${Date.now()}`);
  scratch.push(rel);
  mkdirSync(join(REPO, rel), { recursive: true });
  // Quick parameters (the shipped config names no genres: every genre of the data gets
  // default_n_components) so the first training on the bundled fixture takes seconds; the file
  // sits at a relative path like the others.
  writeFileSync(
    join(REPO, rel, 'params.yaml'),
    'GradientBoostingClassifier: {learning_rate: 0.1, max_depth: 3, n_estimators: 10}\nGaussianMixture: {covariance_type: spherical, default_n_components: 2, random_state: 42}\n',
  );
  const port = await freePort();
  const child = spawn('npm', ['start', '--silent', '-w', '@msr/example-server'], {
    cwd: REPO,
    // Its own process group: npm runs the script through a shell, and the signal must reach node.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      MSR_PORT: String(port),
      MSR_SCHEDULER: 'false',
      MSR_DATABASE_URL: `file:${rel}/server.db`,
      MSR_PARAMS_PATH: `${rel}/params.yaml`,
      MSR_PIPELINE_ROOT: `${rel}/pipeline`,
      MSR_FEED_DROP_FOLDER: `${rel}/new`,
    },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  // 'close', not 'exit': npm may exit on the signal before the server it started has written its
  // last line to the shared pipe; the pipe closes when both are gone.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  try {
    await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 120_000).catch((error: Error) => {
      throw new Error(`${error.message}\n--- output ---\n${output.slice(-3000)}`);
    });
    expect(existsSync(join(REPO, rel, 'server.db'))).toBe(true);
    expect(existsSync(join(REPO, rel, 'pipeline', 'models_best', 'recommender.json'))).toBe(true);
    expect(existsSync(join(SERVER, rel)), 'nothing is written under examples/server').toBe(false);
    expect(output).toContain('"msg":"model hot-swapped"');
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  }
  await exited;
  expect(output).toContain('"msg":"stopped"');
}, 150_000);
