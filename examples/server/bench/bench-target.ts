/**
 * The benchmark's server process: the msr app (rate limits off, warn-level logs, a file
 * database, the phase-1 test-double recommender over the shared dataset when present) and a bare
 * Hono "hello" app as the ceiling, both on 127.0.0.1. Prints their URLs as one JSON line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { loadServerConfig } from '../src/config/config.js';
import { createJsonLogger } from '../src/logging/logger.js';
import { startServer } from '../src/runtime.js';
import { listen } from '../src/serve.js';
import { standInSeams } from '../src/wiring.js';
import { benchDataset, fallbackCatalog } from './dataset.js';

const dataset = benchDataset();
const dir = mkdtempSync(join(tmpdir(), 'msr-bench-'));
let catalog = dataset;
if (!catalog) {
  catalog = join(dir, 'catalog.json');
  writeFileSync(catalog, JSON.stringify(fallbackCatalog()));
}
const config = loadServerConfig({
  overrides: {
    port: 0,
    database: { url: `file:${join(dir, 'server.db')}` },
    paths: { catalog, models: join(dir, 'models'), params: join(dir, 'params.yaml') },
    admin: { username: 'bench', password: 'B3nch-password' },
    rateLimits: { enabled: false },
    scheduler: { enabled: false },
    log: { level: 'warn' },
  },
});
const logger = createJsonLogger((line) => process.stderr.write(`${line}\n`), { level: 'warn' });
const server = await startServer(config, { logger, seams: standInSeams() });
const hello = new Hono().get('/hello', (c) => c.text('hello'));
const helloServer = await listen(hello as never, { host: '127.0.0.1', port: 0, shutdownTimeoutMs: 1_000 });
process.stdout.write(`${JSON.stringify({ msr: server.url, hello: helloServer.url, catalog: dataset ?? 'generated (1,000 tracks)' })}\n`);

process.on('SIGTERM', () => {
  void Promise.all([server.close(), helloServer.close()]).then(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
