/**
 * No configured secret reaches a client or the log: the server process (`src/main.ts`) over real
 * HTTP, configured with an MLflow tracking URI that carries a password, a metrics token, a Spotify
 * client secret and a database auth token. A retrain then fails on the tracking URI (Node's fetch
 * refuses a URL with credentials and names it in full), which is how the password used to reach
 * the admin's job page and JSON and the log.
 */
import { describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.js';
import { adminApi, retrainToEnd, serverProcesses } from './support/server-process.js';

const MLFLOW_PASSWORD = 'mlflowPw7Qx9Zr2Lk';
const MLFLOW_TOKEN = 'mlflowTok5Hy3Vn8Bd';
const METRICS_TOKEN = 'metricsTok4Ws6Jp1Ce9';
const CLIENT_SECRET = 'spotifySecret2Gm7Ta5';
const SECRETS = [MLFLOW_PASSWORD, MLFLOW_TOKEN, METRICS_TOKEN, CLIENT_SECRET];

const processes = serverProcesses('msr-secrets-');

/** Fails naming the secret and where it was seen. */
function expectNoSecret(where: string, text: string): void {
  for (const secret of SECRETS) expect(text.includes(secret), `${where} shows ${secret}:\n${text.slice(0, 2000)}`).toBe(false);
}

describe('configured secrets never leave the server (real HTTP)', () => {
  it('a retrain that fails on a tracking URI with a password shows the failure without the password, in pages, JSON and the log', async () => {
    const closed = await freePort(); // nothing listens there
    const server = await processes.start({
      ...processes.workspace().env,
      MLFLOW_TRACKING_URI: `http://msr:${MLFLOW_PASSWORD}@127.0.0.1:${closed}`,
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
    expect(failed.error).toMatch(/127\.0\.0\.1/);
    expect(failed.error).toContain('[redacted]');

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
    expect(server.log.text).toContain(`msr:${'[redacted]'}@127.0.0.1`);
    expectNoSecret('the log', server.log.text);
  }, 240_000);
});
