/**
 * The one source of time for the server. Sessions, login throttling, rate limits, the recommendation log
 * and the scheduler lease all read it, so tests drive them with a fake clock instead of waiting.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };
