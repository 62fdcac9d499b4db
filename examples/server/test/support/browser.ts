/** Headless Debian Chromium for page tests: where it is, how it starts, where screenshots go. */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { loadServerConfig, type ServerConfigInput } from '../../src/config/config.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { startServer, type ServerHandle } from '../../src/start-server.js';
import { freePort, waitForStatus } from './free-port.js';
import { testPipelineConfig } from './test-app.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Flags for a quiet, offline headless Chromium. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Screenshots land here (git-ignored) for people to look at after a run. */
export const BROWSER_ARTEFACTS = fileURLToPath(new URL('../../.artifacts/browser/', import.meta.url));

/** Skips the test when Chromium is missing, except under `MSR_CI=1`, where that fails it. */
export function requireChromium(skip: (reason: string) => void): void {
  if (!existsSync(CHROMIUM)) {
    if (process.env['MSR_CI'] === '1') throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium; the browser test may not be skipped in CI`);
    skip(`${CHROMIUM} is not installed (apt-get install chromium, or run .ci/run): browser test skipped`);
  }
  mkdirSync(BROWSER_ARTEFACTS, { recursive: true });
}

/** The page is no wider than its viewport: nothing scrolls sideways. */
export async function expectFitsViewport(page: Page, where: string): Promise<void> {
  // The callback runs in the page; the test has no DOM types, so describe the globals it reads.
  const sizes = await page.evaluate(() => {
    const g = globalThis as unknown as { innerWidth: number; document: { documentElement: { scrollWidth: number } } };
    return [g.document.documentElement.scrollWidth, g.innerWidth] as const;
  });
  expect(sizes[0], `${where}: scrollWidth ${sizes[0]} > viewport ${sizes[1]}`).toBeLessThanOrEqual(sizes[1]);
}

/** Logs in as `username` (the test admin by default) through the login form. */
export async function logIn(page: Page, url: string, username = 'root', password = 'Adm1n-password'): Promise<void> {
  await page.goto(`${url}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('form[action="/login"] button');
}

/** Registers `username` on the site's forms and, unless registering logged in already, logs in. */
export async function registerAndLogIn(page: Page, url: string, username: string, password = 'Sup3r-secret'): Promise<void> {
  await page.goto(`${url}/register`);
  await page.fill('main form input[name=username]', username);
  await page.fill('main form input[name=password]', password);
  await page.click('main form button');
  if ((await page.locator('header nav >> text=Log out').count()) > 0) return;
  await page.goto(`${url}/login`);
  await page.fill('main form input[name=username]', username);
  await page.fill('main form input[name=password]', password);
  await page.click('main form button');
}

/**
 * The real server (`startServer` with the real wiring) on a free port of 127.0.0.1 over a copy of
 * the test pipeline in `dir`, with a file database and `overrides` applied last.
 */
export async function startRealServer(dir: string, overrides: ServerConfigInput = {}): Promise<ServerHandle> {
  const config = loadServerConfig({
    base: testPipelineConfig(dir),
    overrides: { port: await freePort(), database: { url: `file:${join(dir, 'server.db')}` }, admin: { username: 'root', password: 'Adm1n-password' }, scheduler: { enabled: false }, ...overrides },
  });
  copyFileSync(join(dir, 'inputs', 'params.yaml'), config.paths.params);
  const server = await startServer(config, { logger: new MemoryLogger(), cwd: dir });
  await waitForStatus(`${server.url}/readyz`, 200);
  return server;
}
