import fc from 'fast-check';
import { jsonOf } from './support/json.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, Client, makeTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let user: Client;
let admin: Client;
beforeAll(async () => {
  t = await makeTestApp({ config: { rateLimits: { enabled: false } } });
  user = new Client(t.app);
  await user.signUp('fuzzer');
  admin = new Client(t.app);
  await admin.login(ADMIN.username, ADMIN.password);
});
afterAll(async () => {
  await t.close();
});

/**
 * Any value, as text. fc.stringify, not String(): fast-check's anything() includes objects with a
 * null prototype or a non-function `toString` key, on which String() throws inside the generator
 * itself — that made this file fail about once in 10,000 samples, whatever the server did.
 */
const anythingAsText = fc.anything().map((v) => ({ value: fc.stringify(v) }));

/** JSON values shaped like the API's bodies, mixed with anything at all. */
const nearlyValid = fc.oneof(
  fc.record(
    {
      playlist: fc.oneof(
        fc.record({ index: fc.oneof(fc.integer(), fc.double(), fc.string()) }, { requiredKeys: [] }),
        fc.record({ url: fc.oneof(fc.webUrl(), fc.string()) }),
        fc.record({ uris: fc.array(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9]{22}$/)), { maxLength: 8 }) }),
        fc.anything(),
      ),
      count: fc.oneof(fc.integer({ min: -5, max: 60 }), fc.double(), fc.string(), fc.constant(null)),
      username: fc.string({ maxLength: 40 }),
      password: fc.string({ maxLength: 40 }),
      currentPassword: fc.string(),
      newPassword: fc.string(),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
  anythingAsText,
);

const bodies = fc.oneof(
  nearlyValid.map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('', '{', '[', '{"playlist":', 'null', '1e999', '"\\ud800"', '{"__proto__":{"x":1}}'),
);

const writes: [string, string, () => Client][] = [
  ['POST', '/api/register', () => new Client(t.app)],
  ['POST', '/api/login', () => new Client(t.app)],
  ['POST', '/api/recommend', () => user],
  ['POST', '/api/me/password', () => user],
  ['PUT', '/api/admin/params', () => admin],
  ['POST', '/api/admin/scheduler/run', () => admin],
];

describe('no client input makes the JSON API fail with a 5xx', () => {
  it('the body generators themselves never throw (the cause of the old flakiness)', () => {
    // With String(v), seed 1 hit two throwing values in these 20,000 samples.
    expect(() => fc.sample(anythingAsText, { numRuns: 20_000, seed: 1 })).not.toThrow();
    expect(() => fc.sample(bodies, { numRuns: 20_000, seed: 1 })).not.toThrow();
  });

  it.each(writes)('%s %s with arbitrary bodies and content types', async (method, path, who) => {
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', ''), async (body, type) => {
        const headers: Record<string, string> = type ? { 'content-type': type } : {};
        const res = await who().request(path, { method, headers, body });
        const text = await res.text();
        expect(res.status, `${res.status} ${text}`).toBeLessThan(500);
        if (path.startsWith('/api/')) expect(() => JSON.parse(text || '{}')).not.toThrow();
        await t.scheduler.idle();
      }),
      { numRuns: 120 },
    );
  });

  it('arbitrary ids and query strings on admin reads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), fc.dictionary(fc.constantFrom('range', 'from', 'to', 'x'), fc.string({ maxLength: 40 })), async (id, query) => {
        const job = await admin.request(`/api/admin/retrain/${encodeURIComponent(id)}`);
        expect(job.status).toBeLessThan(500);
        const del = await admin.request(`/api/admin/users/${encodeURIComponent(id)}`, { method: 'DELETE' });
        expect(del.status).toBeLessThan(500);
        const monitoring = await admin.request(`/api/admin/monitoring?${new URLSearchParams(query).toString()}`);
        expect(monitoring.status).toBeLessThan(500);
        const page = await admin.request(`/admin/monitoring?${new URLSearchParams(query).toString()}`);
        expect(page.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('oversized bodies get a 413 before anything reads them', async () => {
    const res = await user.request('/api/recommend', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ playlist: { uris: Array(2_000).fill('x'.repeat(22)) } }) });
    expect(res.status).toBe(413);
    expect((await jsonOf(res)).error.message).toBe('request body is larger than 16384 bytes');
  });
});
