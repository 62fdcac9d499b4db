/**
 * Every `code` an `@msr/core` error can carry, for programs that `switch (err.code)` instead of
 * parsing messages.
 */
export const ERROR_CODES = {
  /** An argument is wrong in a way no more specific code covers (type, option value). */
  invalidArgument: 'ERR_INVALID_ARGUMENT',
  /** Data has no rows (or no columns). */
  emptyData: 'ERR_EMPTY_DATA',
  /** A number is NaN or ±Infinity. */
  nonFinite: 'ERR_NON_FINITE',
  /** Rows of a matrix have different lengths. */
  raggedRows: 'ERR_RAGGED_ROWS',
  /** Two arguments that must have the same length do not (rows and labels). */
  lengthMismatch: 'ERR_LENGTH_MISMATCH',
  /** A row has a different number of features than the model was fitted on. */
  featureCountMismatch: 'ERR_FEATURE_COUNT',
  /** A classifier was given labels of a single class. */
  singleClass: 'ERR_SINGLE_CLASS',
  /** A numeric option or argument is outside its allowed range. */
  outOfRange: 'ERR_OUT_OF_RANGE',
  /** A label was not seen when the encoder was fitted. */
  unknownLabel: 'ERR_UNKNOWN_LABEL',
  /** A model was used before `fit`. */
  notFitted: 'ERR_NOT_FITTED',
  /** A serialised model was refused. */
  modelFormat: 'ERR_MODEL_FORMAT',
  /** A stratified split has a class with fewer than two samples (or recordings, when grouped). */
  splitClassTooSmall: 'ERR_SPLIT_CLASS_TOO_SMALL',
  /** A stratified split would leave a class with no sample in one of its parts. */
  splitClassEmpty: 'ERR_SPLIT_CLASS_EMPTY',
  /** A numerical procedure failed (covariance not positive definite). */
  numerical: 'ERR_NUMERICAL',
} as const;

/** One of the {@link ERROR_CODES} values. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];
