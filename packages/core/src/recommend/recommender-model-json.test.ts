import { describe, expect, it } from 'vitest';
import { recommenderModelJsonSchema, trainingMetadataSchema } from './recommender-model-json.js';

/** A bundle whose parts the schema leaves to their own validators (scaler, classifier, mixture): only its shape counts here. */
function bundle(catalog: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) {
  return {
    format: 'msr.recommender-model',
    version: 1,
    featureNames: ['tempo', 'energy'],
    genres: ['pop'],
    scaler: null,
    classifier: null,
    genreModels: [{ genre: 'pop', mixture: null, catalog: { uris: ['a', 'b'], features: '', labels: [0, 1], ...catalog } }],
    training: { createdAt: '2026-01-01T00:00:00.000Z' },
    ...rest,
  };
}

/** The first issue's path (dotted) and message, or 'ok'. */
function firstIssue(value: unknown): string {
  const parsed = recommenderModelJsonSchema.safeParse(value);
  if (parsed.success) return 'ok';
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

describe('recommenderModelJsonSchema', () => {
  it('accepts a minimal bundle and one with every metadata column, plain or pooled', () => {
    expect(firstIssue(bundle())).toBe('ok');
    const full = {
      names: ['A', 'B'],
      artists: ['x', 'x'],
      albums: { values: ['one'], index: [0, 0] },
      popularity: 'AAA=',
      durationMs: '',
      explicit: '1-',
    };
    expect(firstIssue(bundle(full))).toBe('ok');
    expect(firstIssue(bundle({ artists: { values: ['x', 'y'], index: [1, 0] } }))).toBe('ok');
    // An empty catalog: every column empty, the flags an empty string.
    expect(firstIssue(bundle({ uris: [], labels: [], names: [], artists: { values: [], index: [] }, explicit: '' }))).toBe('ok');
  });

  it('refuses another format or version', () => {
    expect(firstIssue(bundle({}, { format: 'msr.other' }))).toMatch(/^format: /);
    expect(firstIssue(bundle({}, { version: 2 }))).toMatch(/^version: /);
    expect(firstIssue(bundle({}, { version: 0 }))).toMatch(/^version: /);
  });

  it('refuses empty feature names, genres and genre names', () => {
    expect(firstIssue(bundle({}, { featureNames: [] }))).toMatch(/^featureNames: /);
    expect(firstIssue(bundle({}, { featureNames: ['tempo', ''] }))).toMatch(/^featureNames\.1: /);
    expect(firstIssue(bundle({}, { featureNames: ['t'] }))).toBe('ok'); // one feature, one letter: enough
    expect(firstIssue(bundle({}, { genres: [] }))).toMatch(/^genres: /);
    expect(firstIssue(bundle({}, { genres: [''] }))).toMatch(/^genres\.0: /);
    expect(firstIssue(bundle({}, { genres: ['p'] }))).toBe('ok');
    const unnamed = bundle();
    unnamed.genreModels[0]!.genre = '';
    expect(firstIssue(unnamed)).toMatch(/^genreModels\.0\.genre: /);
  });

  it('refuses an empty uri and negative or fractional labels', () => {
    expect(firstIssue(bundle({ uris: ['a', ''] }))).toMatch(/^genreModels\.0\.catalog\.uris\.1: /);
    expect(firstIssue(bundle({ labels: [0, -1] }))).toMatch(/^genreModels\.0\.catalog\.labels\.1: /);
    expect(firstIssue(bundle({ labels: [0, 0.5] }))).toMatch(/^genreModels\.0\.catalog\.labels\.1: /);
    expect(firstIssue(bundle({ labels: [0, 0] }))).toBe('ok'); // label 0 is a label
  });

  it('refuses each column whose length is not one per uri, naming the column', () => {
    const at = 'genreModels.0.catalog';
    expect(firstIssue(bundle({ labels: [0] }))).toBe(`${at}.labels: must have one label per uri`);
    expect(firstIssue(bundle({ names: ['A'] }))).toBe(`${at}.names: must have one name per uri`);
    expect(firstIssue(bundle({ artists: ['x', 'y', 'z'] }))).toBe(`${at}.artists: must have one artist per uri`);
    expect(firstIssue(bundle({ artists: { values: ['x'], index: [0] } }))).toBe(`${at}.artists: must have one artist per uri`);
    expect(firstIssue(bundle({ albums: ['x'] }))).toBe(`${at}.albums: must have one album per uri`);
    expect(firstIssue(bundle({ albums: { values: ['x'], index: [0, 0, 0] } }))).toBe(`${at}.albums: must have one album per uri`);
    expect(firstIssue(bundle({ explicit: '1' }))).toBe(`${at}.explicit: must have one flag per uri`);
  });

  it('refuses explicit flags other than 1, 0 and -, wherever they stand', () => {
    const at = 'genreModels.0.catalog.explicit: must hold only 1, 0 or -';
    for (const flags of ['x1', '1x', 'x-', '0x', '1 ', '2-']) expect(firstIssue(bundle({ explicit: flags }))).toBe(at);
    for (const flags of ['10', '-1', '--', '00']) expect(firstIssue(bundle({ explicit: flags }))).toBe('ok');
  });

  it('refuses a pooled column that points past its values, has a negative index, or carries other keys', () => {
    const at = 'genreModels.0.catalog.artists';
    expect(firstIssue(bundle({ artists: { values: ['x', 'y'], index: [0, 2] } }))).toBe(`${at}.index: points past the end of values`);
    expect(firstIssue(bundle({ artists: { values: ['x', 'y'], index: [1, 1] } }))).toBe('ok'); // the last value is in range
    expect(firstIssue(bundle({ artists: { values: ['x'], index: [0, -1] } }))).toMatch(new RegExp(`^${at}`));
    expect(firstIssue(bundle({ artists: { values: ['x'], index: [0, 0], extra: 1 } }))).toMatch(new RegExp(`^${at}`));
  });
});

describe('trainingMetadataSchema', () => {
  it('fills empty run ids, params and metrics, and keeps what is given', () => {
    expect(trainingMetadataSchema.parse({ createdAt: 'now' })).toEqual({ createdAt: 'now', runIds: {}, params: {}, metrics: {} });
    const given = { createdAt: 'now', runIds: { classifier: null, clustering: { pop: 'r1', rock: null } }, params: { k: 3 }, metrics: { accuracy: 0.9 }, dataFingerprint: 'abc' };
    expect(trainingMetadataSchema.parse(given)).toEqual(given);
  });

  it('refuses a missing time and mistyped ids or fingerprint', () => {
    const failsAt = (value: unknown) => {
      const parsed = trainingMetadataSchema.safeParse(value);
      return parsed.success ? 'ok' : parsed.error.issues[0]!.path.join('.');
    };
    expect(failsAt({})).toBe('createdAt');
    expect(failsAt({ createdAt: 'now', runIds: { classifier: 3 } })).toBe('runIds.classifier');
    expect(failsAt({ createdAt: 'now', runIds: { clustering: { pop: 3 } } })).toBe('runIds.clustering.pop');
    expect(failsAt({ createdAt: 'now', dataFingerprint: 1 })).toBe('dataFingerprint');
    expect(failsAt({ createdAt: 'now', params: [] })).toBe('params');
    expect(failsAt({ createdAt: 'now', metrics: 'x' })).toBe('metrics');
  });
});
