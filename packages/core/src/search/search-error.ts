import { MsrError } from '../errors/msr-error.js';

/** Codes of {@link SearchError}. */
export type SearchErrorCode = 'ERR_QUERY_TOO_LONG' | 'ERR_QUERY_CONTROL_CHARACTER' | 'ERR_OUT_OF_RANGE';

/** A search query (or option) `searchCatalog()` refuses; `code` says why, the message names it. */
export class SearchError extends MsrError {
  override readonly name = 'SearchError';
  declare readonly code: SearchErrorCode;

  constructor(code: SearchErrorCode, message: string) {
    super(code, message);
  }
}
