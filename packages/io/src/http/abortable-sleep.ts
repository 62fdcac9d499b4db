/**
 * Waits `ms` milliseconds. Rejects with the signal's reason as soon as `signal` aborts, so a
 * caller can cancel a wait for `Retry-After` or a backoff.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * The default {@link Sleep}: a `setTimeout`, cancelled by the signal (its listener removed once
 * the wait ends, so long-lived signals collect none).
 *
 * @example
 * ```ts
 * const stop = new AbortController();
 * await abortableSleep(1_000, stop.signal); // rejects with stop.signal.reason on stop.abort()
 * ```
 */
export const abortableSleep: Sleep = (ms, signal) =>
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
