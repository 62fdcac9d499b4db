import { abortableSleep, type FetchLike, type Sleep } from '@msr/io/http';

export type { FetchLike, Sleep } from '@msr/io/http';

/** Returns the current time in milliseconds since the epoch. */
export type Clock = () => number;

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

/** A cancellable `setTimeout` wait; the default {@link Sleep} (`abortableSleep` of `@msr/io/http`). */
export const defaultSleep: Sleep = abortableSleep;

/** Resolves the I/O options once, so nothing downstream checks for `undefined`. */
export function resolveIo(options: IoOptions): Required<IoOptions> {
  return {
    // Late-bound so tests that stub globalThis.fetch after import still take effect.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now: options.now ?? (() => Date.now()),
    sleep: options.sleep ?? defaultSleep,
  };
}
