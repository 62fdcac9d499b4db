/**
 * No configured secret reaches a client or the log: the server process (`src/main.ts`) over real
 * HTTP, configured with an MLflow tracking URI that carries a password, a metrics token, a Spotify
 * client secret and a database auth token. A retrain then fails on the tracking server: until the
 * MLflow client sent a URI's user info as Basic auth, Node's fetch refused such a URL and named it
 * in full, which is how the password reached the admin's job page and JSON and the log. Now the
 * tracking server here answers 403 and echoes the credentials it refused (as some proxies do), so
 * the failure still carries a secret for the redactor to catch.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { adminApi, retrainToEnd, serverProcesses } from './support/server-process.js';

const MLFLOW_PASSWORD = 'mlflowPw7Qx9Zr2Lk';
const MLFLOW_TOKEN = 'mlflowTok5Hy3Vn8Bd';
const METRICS_TOKEN = 'metricsTok4Ws6Jp1Ce9';
const CLIENT_SECRET = 'spotifySecret2Gm7Ta5';
const SECRETS = [MLFLOW_PASSWORD, MLFLOW_TOKEN, METRICS_TOKEN, CLIENT_SECRET];

const processes = serverProcesses('msr-secrets-');
const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

/** Fails naming the secret and where it was seen. */
function expectNoSecret(where: string, text: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${where} shows ${secret}:\n${text.slice(0, 2000)}`).toBe(false);
}

describe('configured secrets never leave the server (real HTTP)', () => {
  it('a retrain that fails on a tracking URI with a password shows the failure without the password, in pages, JSON and the log', async () => {
    const refusing = createServer((req, res) => {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error_code: 'PERMISSION_DENIED', message: `credentials ${req.headers.authorization ?? 'none'} refused` }));
    });
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
    closing.push(() => new Promise<void>((r) => { refusing.closeAllConnections(); refusing.close(() => r()); }));
    const port = (refusing.address() as AddressInfo).port;
    const server = await processes.start({
      ...processes.workspace().env,
      MLFLOW_TRACKING_URI: `http://msr:${MLFLOW_PASSWORD}@127.0.0.1:${port}`,
      MLFLOW_TRACKING_TOKEN: MLFLOW_TOKEN,
      MSR_METRICS: 'true',
      MSR_METRICS_TOKEN: METRICS_TOKEN,
      MSR_SPOTIFY_CLIENT_ID: 'test-client',
      MSR_SPOTIFY_CLIENT_SECRET: CLIENT_SECRET,
    });
    const { url } = server;
    const api = await adminApi(url);
    const failed = await retrainToEnd(api, url);
    expect(failed.status).toBe('failed');
    const job = failed;
    // The failure is still there to read, with the place of the password marked.
    expect(failed.error).toMatch(/PERMISSION_DENIED/);
    expect(failed.error).toContain('Bearer [redacted]');
    // The URI's user info is sent as credentials, never written into the failure.
    expect(failed.error).not.toContain('msr:');

    const cookie = (await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Adm1n-password' }) })).headers.get('set-cookie')!.split(';')[0]!;
    const page = async (path: string): Promise<string> => (await fetch(`${url}${path}`, { headers: { cookie } })).text();
    for (const path of ['/admin', '/admin/retrain', `/admin/retrain/${job.id}`, '/admin/monitoring', '/admin/scheduler', '/admin/models', '/admin/params', '/nowhere']) {
      expectNoSecret(`page ${path}`, await page(path));
    }
    for (const path of ['/retrain', `/retrain/${job.id}`, '/monitoring', '/scheduler', '/models', '/params', '/users']) {
      expectNoSecret(`GET /api/admin${path}`, await (await api(path)).text());
    }
    expectNoSecret('/readyz', await (await fetch(`${url}/readyz`)).text());
    expectNoSecret('/api/nowhere', await (await fetch(`${url}/api/nowhere`)).text());
    expectNoSecret('/metrics', await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text());
    // And the log, where the job's failure is written too.
    expect(server.log.text).toContain(job.id);
    expect(server.log.text).toContain('Bearer [redacted]');
    expectNoSecret('the log', server.log.text);
  }, 240_000);
});
