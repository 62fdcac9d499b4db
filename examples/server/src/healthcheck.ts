/**
 * The container's health check: exits 0 when this machine's server answers 200 on `/readyz`
 * (database reachable, model loaded), 1 otherwise. It reads the same configuration as the server
 * (`MSR_CONFIG`, `MSR_*`), so a changed port or host needs no second setting; a server bound to
 * every interface is asked on the loopback. No curl or wget in the image: plain `node`.
 *
 *   node examples/server/dist/healthcheck.js
 */
import { readFileSync } from 'node:fs';
import { loadServerConfig } from './config/config.js';

/** The URL of `/readyz` for a server bound to `host`:`port`. */
function readyzUrl(host: string, port: number): string {
  const local = host === '0.0.0.0' || host === '::' || host === '[::]' ? '127.0.0.1' : host;
  return `http://${local.includes(':') && !local.startsWith('[') ? `[${local}]` : local}:${port}/readyz`;
}

const config = loadServerConfig({ env: process.env, readFile: (path) => readFileSync(path, 'utf8') });
const url = readyzUrl(config.host, config.port);
try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4_000) });
  const body = await response.text();
  if (response.status !== 200) {
    process.stderr.write(`${url}: ${response.status} ${body}\n`);
    process.exitCode = 1;
  }
} catch (error) {
  process.stderr.write(`${url}: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
