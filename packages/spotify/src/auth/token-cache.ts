import type { IssuedToken } from './token-endpoint.js';

/**
 * Holds one token and renews it `marginMs` before it expires. Concurrent callers share one
 * renewal (single flight), so a burst of requests never triggers a burst of token calls.
 */
export class TokenCache {
  #current: IssuedToken | undefined;
  #pending: Promise<IssuedToken> | undefined;
  readonly #renew: (current: IssuedToken | undefined, signal?: AbortSignal) => Promise<IssuedToken>;
  readonly #now: () => number;
  readonly #marginMs: number;

  constructor(
    renew: (current: IssuedToken | undefined, signal?: AbortSignal) => Promise<IssuedToken>,
    now: () => number,
    marginMs: number,
    initial?: IssuedToken,
  ) {
    this.#renew = renew;
    this.#now = now;
    this.#marginMs = marginMs;
    this.#current = initial;
  }

  /** The cached token, if any (possibly expired). */
  get current(): IssuedToken | undefined {
    return this.#current;
  }

  async get(signal?: AbortSignal): Promise<string> {
    const current = this.#current;
    if (current && current.expiresAt - this.#marginMs > this.#now()) return current.accessToken;
    this.#pending ??= this.#renew(current, signal).then(
      (token) => {
        this.#current = token;
        this.#pending = undefined;
        return token;
      },
      (error: unknown) => {
        this.#pending = undefined;
        throw error;
      },
    );
    return (await this.#pending).accessToken;
  }

  /** Forgets `token` if it is the cached one, so the next `get` renews. */
  invalidate(token: string): boolean {
    if (this.#current?.accessToken === token) this.#current = { ...this.#current, expiresAt: 0 };
    return true;
  }
}
