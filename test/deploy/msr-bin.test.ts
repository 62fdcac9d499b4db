/**
 * `npx msr …` from a checkout, as the guides show it: npm links the workspace's `msr` command at
 * install time, which needs its file to exist before any build (`packages/pipeline/bin/msr.js`).
 * Without the link, npx would look for a package called `msr` on the registry instead.
 */
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

it('npx msr runs the workspace command from a checkout', () => {
  expect(realpathSync(`${REPO}node_modules/.bin/msr`)).toBe(realpathSync(`${REPO}packages/pipeline/bin/msr.js`));
  const result = spawnSync('npx', ['--no-install', 'msr', '--help'], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/^Usage: msr <command>/m);
});
