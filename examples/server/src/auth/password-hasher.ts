import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** Hashes and checks passwords. The app takes one, so tests and benchmarks can pick the cost. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** `true` when `password` matches `encoded`; `false` for a mismatch or a malformed hash. */
  verify(encoded: string, password: string): Promise<boolean>;
}

/** Argon2id cost parameters (RFC 9106 names). */
export interface Argon2Parameters {
  /** Memory in KiB. @default 19456 */
  memoryCost?: number;
  /** Passes over memory. @default 3 */
  timeCost?: number;
  /** Lanes. @default 1 */
  parallelism?: number;
}

/** Argon2id algorithm id in `@node-rs/argon2` (its `Algorithm` is a const enum we cannot import under isolatedModules). */
const ARGON2ID = 2 as Algorithm;

/**
 * Argon2id through `@node-rs/argon2` (native, off the event loop). The defaults are OWASP's
 * 19 MiB with 3 passes, one more than OWASP's minimum (19 MiB, 2 passes, 1 lane); docs/decisions/0600-argon2-parameters.md has
 * the measured cost on this machine.
 *
 * @example
 * ```ts
 * const hasher = createArgon2Hasher();
 * const encoded = await hasher.hash('Corr3ct-horse');
 * await hasher.verify(encoded, 'Corr3ct-horse'); // true
 * ```
 */
export function createArgon2Hasher(parameters: Argon2Parameters = {}): PasswordHasher {
  const options = {
    algorithm: ARGON2ID,
    memoryCost: parameters.memoryCost ?? 19_456,
    timeCost: parameters.timeCost ?? 3,
    parallelism: parameters.parallelism ?? 1,
  };
  return {
    hash: (password) => hash(password, options),
    async verify(encoded, password) {
      try {
        return await verify(encoded, password);
      } catch {
        // A malformed stored hash is not a match; it must never let anyone in.
        return false;
      }
    },
  };
}
