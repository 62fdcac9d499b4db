/** The `fetch` this package calls: the global one by default, any compatible function in tests. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Returns the current time in milliseconds since the epoch. */
export type Clock = () => number;

/**
 * Waits `ms` milliseconds. Must reject with the signal's reason when `signal` aborts, so that a
 * caller can cancel a wait for `Retry-After`.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The I/O every client in this package takes; each defaults to the global equivalent. */
export interface IoOptions {
  /**
   * The `fetch` to call.
   * @default globalThis.fetch
   */
  fetch?: FetchLike;
  /**
   * The clock used for token expiry and `Retry-After` dates.
   * @default Date.now
   */
  now?: Clock;
  /**
   * How to wait between retries.
   * @default a cancellable `setTimeout`
   */
  sleep?: Sleep;
}

/** A cancellable `setTimeout` wait; the default {@link Sleep}. */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Resolves the I/O options once, so nothing downstream checks for `undefined`. */
export function resolveIo(options: IoOptions): Required<IoOptions> {
  return {
    // Late-bound so tests that stub globalThis.fetch after import still take effect.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now: options.now ?? (() => Date.now()),
    sleep: options.sleep ?? defaultSleep,
  };
}
