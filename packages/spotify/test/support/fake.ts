/**
 * Starts the fake Spotify for a test file and, when the OpenAPI spec is present, checks after
 * each test that every response the fake sent (and every request the clients made) conforms,
 * and after the file that it checked at least one exchange (a check that silently sees nothing
 * is off, not green). Without the spec the checks are off and say so on stderr; with `MSR_CI=1`
 * a missing spec fails the run (see `loadSpecValidator`).
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startFakeSpotify, type FakeSpotifyOptions, type RunningFakeSpotify } from '../../src/testing/index.js';
import { SPEC_ABSENT, loadSpecValidator } from './spec-validator.js';

const validator = loadSpecValidator();
if (!validator) process.stderr.write(`[fake-spotify] conformance checks off: ${SPEC_ABSENT}\n`);

/** Exchanges checked so far in this test file (asserted not zero after it when the spec is present). */
export const checked = { exchanges: 0 };

/** Registers hooks and returns a getter for a fake built from `options()` (called in beforeAll). */
export function useFakeSpotify(options: () => FakeSpotifyOptions): () => RunningFakeSpotify {
  let fake: RunningFakeSpotify | undefined;
  let seen = 0;
  beforeAll(async () => {
    fake = await startFakeSpotify(options());
  });
  afterEach(() => {
    fake?.clearFaults();
    if (!fake || !validator) return;
    const fresh = fake.exchanges.slice(seen);
    seen = fake.exchanges.length;
    // Faults marked off-spec (and non-JSON bodies) are deliberate; everything else must conform.
    const problems = fresh.filter((e) => !e.offSpec).flatMap((e) => validator.check(e));
    checked.exchanges += fresh.length;
    expect(problems, 'fake responses/requests that do not conform to the Spotify OpenAPI spec').toEqual([]);
  });
  afterAll(async () => {
    await fake?.close();
    if (validator) expect(checked.exchanges, 'exchanges with the fake Spotify checked against the spec in this file').toBeGreaterThan(0);
  });
  return () => {
    if (!fake) throw new Error('the fake Spotify is not started (use the getter inside tests)');
    return fake;
  };
}

export { validator };
