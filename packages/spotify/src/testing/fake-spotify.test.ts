/**
 * The fake's contract test: every route and every simulated status, validated against the
 * published Spotify OpenAPI spec (read by path; skipped with a message when it is absent).
 * Other test files validate everything they exchange with the fake the same way (see
 * test/support/fake.ts); this file makes sure each route and status is covered at least once
 * and that the check itself can fail.
 */
import { describe, expect, it } from 'vitest';
import { SPEC_PATH, SpecValidator, loadSpecValidator } from '../../test/support/spec-validator.js';
import { readFileSync } from 'node:fs';
import { DEV_APP, EXTENDED_APP, FOREIGN_PLAYLIST, MISSING_PLAYLIST, OWN_PLAYLIST, PLAYLISTS, TRACKS } from '../../test/support/catalog.js';
import { startFakeSpotify, type FakeExchange } from './index.js';

const validator = loadSpecValidator();
const skip = validator ? '' : ` (skipped: the Spotify OpenAPI spec is absent at ${SPEC_PATH})`;

async function exchangeAll(): Promise<FakeExchange[]> {
  const fake = await startFakeSpotify({ tracks: TRACKS, playlists: PLAYLISTS, apps: [DEV_APP, EXTENDED_APP], authorizeAs: 'alice' });
  try {
    const dev = fake.issueUserToken('alice', { clientId: DEV_APP.clientId }).accessToken;
    const old = fake.issueUserToken('carol', { clientId: EXTENDED_APP.clientId }).accessToken;
    const get = (path: string, token?: string) => fetch(`${fake.apiBaseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const ids = TRACKS.slice(0, 5).map((t) => t.id);
    const calls: [string, string | undefined][] = [
      [`/playlists/${OWN_PLAYLIST}`, dev],
      [`/playlists/${OWN_PLAYLIST}?fields=id,name`, dev],
      [`/playlists/${MISSING_PLAYLIST}`, dev],
      [`/playlists/${OWN_PLAYLIST}/items?limit=50`, dev],
      [`/playlists/${OWN_PLAYLIST}/items?limit=51`, dev],
      [`/playlists/${FOREIGN_PLAYLIST}/items`, dev],
      [`/playlists/${FOREIGN_PLAYLIST}/tracks?limit=100`, old],
      [`/playlists/${FOREIGN_PLAYLIST}/tracks`, dev],
      [`/audio-features?ids=${ids.join(',')},${'0'.repeat(22)}`, old],
      [`/audio-features?ids=${ids.join(',')}`, dev],
      [`/recommendations?seed_genres=jazz&limit=3`, old],
      [`/recommendations?seed_genres=jazz`, dev],
      [`/search?q=${encodeURIComponent('genre:"pop"')}&type=track&limit=10&offset=990`, dev],
      [`/search?q=x&type=track&limit=11`, dev],
      ['/search?q=x&type=track', undefined],
      ['/search?q=x&type=track', 'bogus'],
    ];
    for (const [path, token] of calls) await get(path, token);
    fake.fail({ service: 'spotify-api', path: '/search', status: 429, headers: { 'retry-after': '1' } });
    fake.fail({ service: 'spotify-api', path: '/search', status: 503 });
    await get('/search?q=x&type=track', dev);
    await get('/search?q=x&type=track', dev);
    fake.expireAllTokens();
    await get('/search?q=x&type=track', dev);
    await fetch(`${fake.reccoBeatsBaseUrl}/audio-features?ids=${ids.join(',')}`);
    return fake.exchanges;
  } finally {
    await fake.close();
  }
}

describe('fake Spotify against the published OpenAPI spec', () => {
  it.skipIf(!validator)(`serves every route and simulated status in conformance with the spec${skip}`, async () => {
    const exchanges = await exchangeAll();
    const statuses = exchanges.map((e) => `${e.service} ${e.path.replace(/[0-9A-Za-z]{22}/g, '{id}')} ${e.status}`);
    expect(statuses).toEqual([
      'spotify-api /playlists/{id} 200',
      'spotify-api /playlists/{id} 200',
      'spotify-api /playlists/{id} 404',
      'spotify-api /playlists/{id}/items 200',
      'spotify-api /playlists/{id}/items 400',
      'spotify-api /playlists/{id}/items 403',
      'spotify-api /playlists/{id}/tracks 200',
      'spotify-api /playlists/{id}/tracks 404',
      'spotify-api /audio-features 200',
      'spotify-api /audio-features 403',
      'spotify-api /recommendations 200',
      'spotify-api /recommendations 404',
      'spotify-api /search 200',
      'spotify-api /search 400',
      'spotify-api /search 401',
      'spotify-api /search 401',
      'spotify-api /search 429',
      'spotify-api /search 503',
      'spotify-api /search 401',
      'reccobeats /audio-features 200',
    ]);
    // The out-of-range requests were made on purpose: they are the request-side findings.
    const problems = exchanges.flatMap((e) => validator!.check(e));
    expect(problems).toEqual([
      expect.stringMatching(/^GET \/playlists\/\w+\/items → 400: limit=51 > 50$/),
      'GET /search → 400: limit=11 > 10',
    ]);
  });

  it.skipIf(!validator)(`catches a response that violates the spec${skip}`, () => {
    const check = (path: string, status: number, body: unknown, query = '') =>
      validator!.check({ service: 'spotify-api', method: 'GET', path, query: new URLSearchParams(query), status, contentType: 'application/json', body, injected: false, offSpec: false });
    expect(check(`/playlists/${OWN_PLAYLIST}/items`, 200, { items: [] })).toEqual(
      expect.arrayContaining([expect.stringMatching(/must have required property 'next'/)]),
    );
    expect(check('/audio-features', 200, { audio_features: [{ id: 'x', key: 12 }] }, 'ids=x')).toEqual([
      'GET /audio-features → 200: body/audio_features/0/key must be <= 11',
    ]);
    expect(check('/audio-features', 200, { audio_features: [] })).toEqual(['GET /audio-features → 200: required query parameter ids missing']);
    expect(check('/recommendations', 404, { message: 'no envelope' })).toEqual(["GET /recommendations → 404: body must have required property 'error'"]);
    expect(check('/search', 201, {}, 'q=x&type=track')).toEqual(['GET /search → 201: status not documented for GET /search']);
    expect(check('/nope', 200, {})).toEqual(['GET /nope → 200: the spec documents no such operation']);
    // ReccoBeats is checked against our schema of its documented shape.
    expect(validator!.check({ service: 'reccobeats', method: 'GET', path: '/audio-features', query: new URLSearchParams(), status: 200, contentType: 'application/json', body: { content: [{ id: 1 }] }, injected: false, offSpec: false })).toHaveLength(1);
  });

  it.skipIf(!validator)(`sends real Spotify's nulls, which the spec forbids, and checks their spec-conforming variant${skip}`, async () => {
    const unknown = '0'.repeat(22);
    const ids = [TRACKS[0]!.id, unknown, TRACKS[1]!.id];
    for (const realNulls of [true, false]) {
      const fake = await startFakeSpotify({ tracks: TRACKS, playlists: PLAYLISTS, apps: [EXTENDED_APP], realNulls });
      try {
        const token = fake.issueUserToken('alice', { clientId: EXTENDED_APP.clientId }).accessToken;
        const get = (path: string) => fetch(`${fake.apiBaseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
        await get(`/audio-features?ids=${ids.join(',')}`);
        await get(`/playlists/${OWN_PLAYLIST}/items?offset=50&limit=20`); // entry 60 is no longer available
        await get('/recommendations?seed_genres=jazz&limit=1');
        const [features, items, recommendations] = fake.exchanges as [FakeExchange, FakeExchange, FakeExchange];
        const answers = (features.body as { audio_features: ({ id: string } | null)[] }).audio_features;
        const entry = (items.body as { items: Record<string, unknown>[] }).items[10]!;
        const seed = (recommendations.body as { seeds: Record<string, unknown>[] }).seeds[0]!;
        for (const e of [features, items, recommendations]) expect(validator!.check(e)).toEqual([]);
        if (realNulls) {
          expect(answers.map((a) => a?.id ?? null)).toEqual([ids[0], null, ids[2]]);
          expect(entry).toMatchObject({ is_local: false, item: null, track: null });
          expect(seed.href).toBeNull();
          // The raw bodies are off-spec: the check passes only because it reads specBody.
          for (const e of [features, items, recommendations]) expect(validator!.check({ ...e, specBody: undefined }).length).toBeGreaterThan(0);
        } else {
          expect(answers.map((a) => a?.id)).toEqual([ids[0], ids[2]]);
          expect(entry).not.toHaveProperty('track');
          expect(seed).not.toHaveProperty('href');
          for (const e of [features, items, recommendations]) expect(e.specBody).toBeUndefined();
        }
      } finally {
        await fake.close();
      }
    }
  });

  it.skipIf(!validator)(`reads the spec by path and finds the 2026 /items operation in it${skip}`, () => {
    const fresh = new SpecValidator(readFileSync(SPEC_PATH, 'utf8'));
    expect(fresh.operation('GET', `/playlists/${OWN_PLAYLIST}/items`)).toBeDefined();
    expect(fresh.operation('GET', '/audio-features')).toBeDefined();
  });
});

describe('the spec gate', () => {
  it('is off without the spec, and MSR_CI=1 makes a missing spec a failure', () => {
    const path = '/nonexistent/spotify-open-api.yml';
    expect(loadSpecValidator({ path, env: {} })).toBeUndefined();
    expect(() => loadSpecValidator({ path, env: { MSR_CI: '1' } })).toThrow(/^MSR_CI=1: .*absent at \/nonexistent\/spotify-open-api\.yml/);
  });
});
