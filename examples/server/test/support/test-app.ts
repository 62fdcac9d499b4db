import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, inject } from 'vitest';
import { createApp, type ServerApp } from '../../src/app.js';
import { createArgon2Hasher } from '../../src/auth/password-hasher.js';
import { loadServerConfig, type ServerConfig, type ServerConfigInput } from '../../src/config/config.js';
import { migrate, openDatabase, type Database } from '../../src/db/database.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import type { SchedulerTask } from '../../src/services/scheduler.js';
import { CronScheduler } from '../../src/services/cron-scheduler.js';
import { buildServices, type Services } from '../../src/build-services.js';
import { makeCatalog, type CatalogTrack } from './catalog.js';
import { FakeClock } from './fake-clock.js';
import { SONGS_PER_GENRE } from './test-pipeline.js';

/** The origin test requests claim; the config's publicOrigin matches it. */
export const ORIGIN = 'http://localhost';
/** A password that meets the rules. */
export const PASSWORD = 'Sup3r-secret';
/** Admin credentials of every test app. */
export const ADMIN = { username: 'root', password: 'Adm1n-password' };

/** Options of {@link makeTestApp}. */
export interface TestAppOptions {
  config?: ServerConfigInput;
  /** Reuse a database (restart tests); a fresh `:memory:` one otherwise. */
  db?: Database;
  clock?: FakeClock;
  /**
   * The scheduled task: `'feed'` keeps the real one (a feed job in the worker); a function
   * replaces it. @default a task that only counts its calls (fast, for tests about the routes)
   */
  task?: SchedulerTask | 'feed';
  /** Extra environment for the retrain worker. */
  workerEnv?: Record<string, string>;
}

/** A test app and the handles tests poke at. */
export interface TestApp extends ServerApp {
  config: ServerConfig;
  db: Database;
  clock: FakeClock;
  logger: MemoryLogger;
  services: Services;
  modelStore: Services['modelStore'];
  retrain: Services['retrain'];
  scheduler: CronScheduler;
  params: Services['params'];
  /** The songs of the test dataset. */
  catalog: CatalogTrack[];
  /** The version of the model the app started with. */
  initialVersion: string;
  dir: string;
  /** How often the counting scheduled task ran. */
  taskState: { calls: number };
  close(): Promise<void>;
}

/** The paths of a test app's own copy of the pipeline template, as configuration. */
export function testPipelineConfig(dir: string): ServerConfigInput {
  cpSync(inject('serverPipelineTemplate'), dir, { recursive: true });
  return {
    paths: {
      params: join(dir, 'server-params.yaml'),
      pipelineRoot: join(dir, 'pipeline'),
      dataset: join(dir, 'inputs', 'dataset.csv'),
      pipelineConfig: join(dir, 'inputs', 'config.yaml'),
      playlists: join(dir, 'inputs', 'playlists.json'),
    },
    feed: { dropFolder: join(dir, 'new') },
    // No retry pause: a failing stage fails the test's job at once.
    retrain: { stageRetries: 0, retryDelaySeconds: 0 },
  };
}

/**
 * A full app on an in-memory database with the real wiring (`buildServices`: core `recommend()` on a
 * model the real pipeline trained, `@msr/spotify` resolution, the forked pipeline worker) over
 * its own copy of the test pipeline, a fake clock, cheap Argon2 parameters and a test socket
 * address read from the `x-test-peer` header.
 */
export async function makeTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'msr-server-test-'));
  const pipeline = testPipelineConfig(dir);
  cpSync(join(dir, 'inputs', 'params.yaml'), join(dir, 'server-params.yaml'));
  const config = loadServerConfig({
    base: pipeline,
    overrides: {
      publicOrigin: ORIGIN,
      database: { url: ':memory:' },
      admin: ADMIN,
      scheduler: { enabled: false },
      ...options.config,
    },
  });
  const clock = options.clock ?? new FakeClock();
  const logger = new MemoryLogger();
  const db = options.db ?? (await openDatabase({ url: config.database.url }));
  await migrate(db, undefined, () => clock.now());

  const services = await buildServices({ config, db, logger, clock }, { cwd: dir, feedPollMs: 100, ...(options.workerEnv ? { workerEnv: options.workerEnv } : {}) });
  const initialVersion = services.modelStore.current()?.info.version;
  if (!initialVersion) throw new Error(`the test pipeline template has no model: ${JSON.stringify(logger.records)}`);
  const taskState = { calls: 0 };
  const scheduler =
    options.task === 'feed'
      ? (services.scheduler as CronScheduler) // test apps run without Redis: croner
      : new CronScheduler({
          db,
          clock,
          logger,
          cron: config.scheduler.cron,
          enabled: false,
          task:
            options.task ??
            (async () => {
              taskState.calls++;
              return { fed: 0 };
            }),
        });
  const built = createApp({
    config,
    db,
    logger,
    clock,
    hasher: createArgon2Hasher({ memoryCost: 1024, timeCost: 1 }),
    ...services,
    scheduler,
    socketAddress: (c) => c.req.header('x-test-peer') ?? '127.0.0.1',
  });
  await built.accounts.ensureFirstAdmin(config.admin, logger);
  return Object.assign(built, {
    config,
    db,
    clock,
    logger,
    services,
    modelStore: services.modelStore,
    retrain: services.retrain,
    scheduler,
    params: services.params,
    catalog: makeCatalog(SONGS_PER_GENRE),
    initialVersion,
    dir,
    taskState,
    async close() {
      await scheduler.stop();
      await services.retrain.close();
      if (!options.db) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/**
 * `makeTestApp` for tests that build several apps: each one is closed after its test.
 * Call once at the top of a test file.
 */
export function testApps(): (options?: TestAppOptions) => Promise<TestApp> {
  const open: TestApp[] = [];
  afterEach(async () => {
    while (open.length) await open.pop()!.close();
  });
  return async (options) => {
    const t = await makeTestApp(options);
    open.push(t);
    return t;
  };
}

/** A test app with one signed-up user, `ada` — the setup of the route tests. */
export async function makeTestAppWithUser(options: TestAppOptions = {}): Promise<{ t: TestApp; user: Client }> {
  const t = await makeTestApp(options);
  const user = new Client(t.app);
  await user.signUp('ada');
  return { t, user };
}

/** Request helpers bound to an app: same-origin headers, a cookie jar of one session. */
export class Client {
  /** Cookies by name, as a browser keeps them (the session, the search page's playlist). */
  private readonly jar = new Map<string, string>();

  /** The `Cookie` header this client sends; setting it replaces every cookie. */
  get cookie(): string | undefined {
    return this.jar.size === 0 ? undefined : [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  set cookie(header: string | undefined) {
    this.jar.clear();
    for (const pair of (header ?? '').split(';')) {
      const at = pair.indexOf('=');
      if (at > 0) this.jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  constructor(
    private readonly app: ServerApp['app'],
    private readonly peer = '127.0.0.1',
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('x-test-peer', this.peer);
    if (!headers.has('origin') && init.method && init.method !== 'GET') headers.set('origin', ORIGIN);
    if (this.cookie && !headers.has('cookie')) headers.set('cookie', this.cookie);
    const res = await this.app.request(path, { ...init, headers });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (!value || /max-age=0/i.test(set)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  json(path: string, body: unknown, method = 'POST'): Promise<Response> {
    return this.request(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  form(path: string, fields: Record<string, string>): Promise<Response> {
    return this.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  }

  async login(username: string, password: string): Promise<Response> {
    return this.json('/api/login', { username, password });
  }

  /** Registers `username` with {@link PASSWORD} and logs in. */
  async signUp(username: string, password = PASSWORD): Promise<void> {
    const reg = await this.json('/api/register', { username, password });
    if (reg.status !== 201) throw new Error(`register ${username}: ${reg.status} ${await reg.text()}`);
    const res = await this.login(username, password);
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  }
}
