import { MsrError } from '../../errors/msr-error.js';

/**
 * Runs `fn` and returns the {@link MsrError} it throws; fails when it throws nothing or another
 * error, or (with `type`) an MsrError of another class.
 */
export function thrown<E extends MsrError = MsrError>(fn: () => unknown, type?: abstract new (...args: never[]) => E): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof MsrError && (!type || error instanceof type)) return error as E;
    throw error;
  }
  throw new Error('expected an MsrError, nothing was thrown');
}
