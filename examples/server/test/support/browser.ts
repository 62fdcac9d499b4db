/**
 * Headless Debian Chromium for page tests: where it is, how it starts, where screenshots go, and
 * {@link withBrowser}, the one set-up every page test shares (a real server on 127.0.0.1, a
 * Chromium page at a given width, screenshots, clean-up).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { Clock } from '../../src/clock.js';
import { loadServerConfig, type ServerConfig, type ServerConfigInput } from '../../src/config/config.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { startServer, type ServerHandle } from '../../src/start-server.js';
import { freePort, waitForStatus } from './free-port.js';
import { ADMIN, testPipelineConfig } from './test-app.js';

const CHROMIUM = '/usr/bin/chromium';
/** Flags for a quiet, offline headless Chromium. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Screenshots land here (git-ignored) for people to look at after a run. */
const BROWSER_ARTEFACTS = fileURLToPath(new URL('../../.artifacts/browser/', import.meta.url));

/** Skips the test when Chromium is missing, except under `MSR_CI=1`, where that fails it. */
function requireChromium(skip: (reason: string) => void): void {
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
export async function logIn(page: Page, url: string, username = ADMIN.username, password = ADMIN.password): Promise<void> {
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

/** Options of {@link startRealServer} besides the configuration. */
export interface RealServerOptions {
  /** What rate limits, sessions and the log read as now. @default the system clock */
  clock?: Clock;
}

/**
 * The real server (`startServer` with the real wiring) on a free port of 127.0.0.1 over a copy of
 * the test pipeline in `dir`, with a file database, the test admin ({@link ADMIN}), the scheduler
 * off and `overrides` applied last; the pipeline's quick test parameters become the server's.
 */
async function startRealServer(dir: string, overrides: ServerConfigInput, options: RealServerOptions): Promise<{ server: ServerHandle; config: ServerConfig }> {
  const config = loadServerConfig({
    base: testPipelineConfig(dir),
    overrides: { port: await freePort(), database: { url: `file:${join(dir, 'server.db')}` }, admin: ADMIN, scheduler: { enabled: false }, ...overrides },
  });
  copyFileSync(join(dir, 'inputs', 'params.yaml'), config.paths.params);
  const server = await startServer(config, { logger: new MemoryLogger(), cwd: dir, ...(options.clock ? { clock: options.clock } : {}) });
  try {
    await waitForStatus(`${server.url}/readyz`, 200);
  } catch (error) {
    await server.close();
    throw error;
  }
  return { server, config };
}

/** Options of {@link withBrowser}. */
export interface BrowserOptions extends RealServerOptions {
  /** Names the temporary directory and starts every screenshot's name: `<name>-<width>-<shot>.png`. */
  name: string;
  /** The viewport's width in px. @default 1280 */
  width?: number;
  /** The viewport's height in px. @default 900 */
  height?: number;
  /** `false` runs the pages with forms alone, as a visitor without scripts. @default true */
  javaScript?: boolean;
  /** Applied last to the server's configuration (see {@link startRealServer}). */
  overrides?: ServerConfigInput;
  /** Log in through the login form as the test admin before the test runs. @default false */
  asAdmin?: boolean;
}

/** What a page test gets from {@link withBrowser}. */
export interface BrowserSession {
  /** The test's temporary directory (pipeline copy, database, browser profile); removed afterwards. */
  dir: string;
  server: ServerHandle;
  /** The server's configuration (its params file, paths). */
  config: ServerConfig;
  /** The server's origin, `http://127.0.0.1:<port>`. */
  url: string;
  context: BrowserContext;
  page: Page;
  width: number;
  /** A full-page screenshot `<name>-<width>-<shot>.png` and the check that nothing scrolls sideways. */
  look(shot: string): Promise<void>;
  /** The screenshot alone, for a page that is allowed to be wider than the window. */
  screenshot(shot: string): Promise<void>;
}

/**
 * Runs `test` against the real server ({@link startRealServer}) and a headless Chromium page at
 * `options.width`, then closes both and removes the directory whatever happened. Skips (or fails
 * under `MSR_CI=1`) when Chromium is missing.
 *
 * @example
 * it.for([1280, 390])('at %i px: …', async (width, ctx) =>
 *   withBrowser(ctx, { name: 'monitoring', width, asAdmin: true }, async ({ page, url, look }) => {
 *     await page.goto(`${url}/admin/monitoring`);
 *     await look('monitoring');
 *   }));
 */
export async function withBrowser(ctx: { skip: (reason: string) => void }, options: BrowserOptions, test: (session: BrowserSession) => Promise<void>): Promise<void> {
  requireChromium((reason) => ctx.skip(reason));
  const width = options.width ?? 1280;
  const dir = mkdtempSync(join(tmpdir(), `msr-${options.name}-browser-`));
  let server: ServerHandle | undefined;
  let context: BrowserContext | undefined;
  try {
    const launched = await startRealServer(dir, options.overrides ?? {}, options);
    server = launched.server;
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      javaScriptEnabled: options.javaScript ?? true,
      viewport: { width, height: options.height ?? 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const screenshot = async (shot: string): Promise<void> => {
      await page.screenshot({ path: join(BROWSER_ARTEFACTS, `${options.name}-${width}-${shot}.png`), fullPage: true });
    };
    const look = async (shot: string): Promise<void> => {
      await screenshot(shot);
      await expectFitsViewport(page, `${shot} at ${width} px (${page.url()})`);
    };
    if (options.asAdmin) await logIn(page, server.url);
    await test({ dir, server, config: launched.config, url: server.url, context, page, width, look, screenshot });
  } finally {
    await context?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
