import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type ServerApp } from '../../src/app.js';
import { createArgon2Hasher } from '../../src/auth/password-hasher.js';
import { loadServerConfig, type ServerConfig, type ServerConfigInput } from '../../src/config/config.js';
import { migrate, openDatabase, type Database } from '../../src/db/database.js';
import { MemoryLogger } from '../../src/logging/logger.js';
import { MemoryModelStore } from '../../src/seams/model-store.js';
import type { SchedulerTask } from '../../src/seams/scheduler.js';
import { CronScheduler } from '../../src/services/cron-scheduler.js';
import type { ForkRetrainRunner } from '../../src/services/fork-retrain-runner.js';
import { DEFAULT_MODEL_PARAMS, modelParamsSchema, YamlParamsStore } from '../../src/services/yaml-params-store.js';
import { CatalogPlaylistResolver } from '../../src/test-doubles/catalog-playlist-resolver.js';
import { trainNearestCentroidModel, type CatalogTrack, type NearestCentroidModel } from '../../src/test-doubles/nearest-centroid-model.js';
import { standInRetrainRunner } from '../../src/wiring.js';
import { NearestCentroidRecommender } from '../../src/test-doubles/nearest-centroid-recommender.js';
import { makeCatalog, trackId } from './catalog.js';
import { FakeClock } from './fake-clock.js';

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
  /** The scheduled task. @default records its calls */
  task?: SchedulerTask;
  /** Extra environment for the retrain worker. */
  workerEnv?: Record<string, string>;
}

/** A test app and the handles tests poke at. */
export interface TestApp extends ServerApp {
  config: ServerConfig;
  db: Database;
  clock: FakeClock;
  logger: MemoryLogger;
  modelStore: MemoryModelStore<NearestCentroidModel>;
  retrain: ForkRetrainRunner;
  scheduler: CronScheduler;
  params: YamlParamsStore<unknown>;
  catalog: CatalogTrack[];
  dir: string;
  /** How often the default scheduled task ran. */
  taskState: { calls: number };
  close(): Promise<void>;
}

/**
 * A full app on an in-memory database with the phase-1 test doubles (nearest-centroid
 * recommender over a generated catalog), a fake clock, cheap Argon2 parameters and a test
 * socket address read from the `x-test-peer` header.
 */
export async function makeTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'msr-server-test-'));
  const config = loadServerConfig({
    overrides: {
      publicOrigin: ORIGIN,
      database: { url: ':memory:' },
      admin: ADMIN,
      paths: { params: join(dir, 'params.yaml'), models: join(dir, 'models'), catalog: join(dir, 'catalog.json') },
      scheduler: { enabled: false },
      ...options.config,
    },
  });
  const clock = options.clock ?? new FakeClock();
  const logger = new MemoryLogger();
  const db = options.db ?? (await openDatabase({ url: config.database.url }));
  await migrate(db, undefined, () => clock.now());

  const catalog = makeCatalog();
  writeFileSync(config.paths.catalog, JSON.stringify(catalog));
  const modelStore = new MemoryModelStore<NearestCentroidModel>(() => clock.now());
  const model = trainNearestCentroidModel(catalog, 'nc-initial');
  modelStore.swap(model, { version: model.version });

  const playlists = [
    { name: 'quiet evening', uris: [trackId('classical', 0), trackId('classical', 1), trackId('classical', 2)] },
    { name: 'club night', uris: [trackId('edm', 0), trackId('edm', 1), trackId('edm', 2), trackId('edm', 3)] },
  ];
  const resolver = new CatalogPlaylistResolver({
    catalog,
    playlists,
    spotify: { '37i9dQZF1DXcBWIGoYBM5M': { name: 'jazz on spotify', uris: [trackId('jazz', 0), trackId('jazz', 1)] } },
  });
  const params = new YamlParamsStore<unknown>({ path: config.paths.params, schema: modelParamsSchema, defaults: DEFAULT_MODEL_PARAMS });
  const retrain = standInRetrainRunner({
    db,
    clock,
    logger,
    modelStore,
    catalogPath: config.paths.catalog,
    modelDir: config.paths.models,
    ...(options.workerEnv ? { workerEnv: options.workerEnv } : {}),
  });
  const taskState = { calls: 0 };
  const scheduler = new CronScheduler({
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
    recommender: new NearestCentroidRecommender(modelStore),
    resolver,
    modelStore,
    params,
    retrain,
    scheduler,
    socketAddress: (c) => c.req.header('x-test-peer') ?? '127.0.0.1',
  });
  await built.accounts.ensureFirstAdmin(config.admin, logger);
  return Object.assign(built, {
    config,
    db,
    clock,
    logger,
    modelStore,
    retrain,
    scheduler,
    params,
    catalog,
    dir,
    taskState,
    async close() {
      await scheduler.stop();
      await retrain.close();
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

/** Request helpers bound to an app: same-origin headers, a cookie jar of one session. */
export class Client {
  cookie: string | undefined;

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
    const set = res.headers.get('set-cookie');
    if (set) {
      const [pair] = set.split(';');
      const [name, value] = pair!.split('=');
      this.cookie = value ? `${name}=${value}` : undefined;
      if (/max-age=0/i.test(set)) this.cookie = undefined;
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
