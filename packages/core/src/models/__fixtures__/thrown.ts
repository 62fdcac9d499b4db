import { MsrError } from '../../errors/msr-error.js';

/** Runs `fn` and returns the {@link MsrError} it throws; fails when it throws nothing or another error. */
export function thrown(fn: () => unknown): MsrError {
  try {
    fn();
  } catch (error) {
    if (error instanceof MsrError) return error;
    throw error;
  }
  throw new Error('expected an MsrError, nothing was thrown');
}
