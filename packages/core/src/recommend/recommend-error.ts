import { MsrError } from '../errors/msr-error.js';

/** Codes of {@link RecommendError}. */
export type RecommendErrorCode =
  | 'ERR_EMPTY_PLAYLIST'
  | 'ERR_NO_KNOWN_TRACKS'
  | 'ERR_NON_FINITE'
  | 'ERR_FEATURE_MISMATCH'
  | 'ERR_OUT_OF_RANGE'
  | 'ERR_UNKNOWN_GENRE'
  | 'ERR_INVALID_ARGUMENT';

/** A request `recommend()` cannot answer; `code` says why, the message names the input. */
export class RecommendError extends MsrError {
  override readonly name = 'RecommendError';
  declare readonly code: RecommendErrorCode;

  constructor(code: RecommendErrorCode, message: string) {
    super(code, message);
  }
}
