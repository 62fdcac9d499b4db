/**
 * Base class of every error `@msr/core` throws on purpose. `code` is stable and meant for
 * programs (`switch (err.code)`); `message` is for people and names what was wrong.
 */
export class MsrError extends Error {
  override readonly name: string = 'MsrError';
  /** Stable, machine-readable error code, e.g. `ERR_INVALID_ARGUMENT`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * An argument was invalid: wrong shape, non-finite number, out of range. `argument` names it
 * (`'X'`, `'options.maxDepth'`, `'y[12]'`).
 */
export class InvalidArgumentError extends MsrError {
  override readonly name = 'InvalidArgumentError';
  /** The argument (or path inside it) that was wrong. */
  readonly argument: string;

  constructor(argument: string, message: string, code = 'ERR_INVALID_ARGUMENT', options?: { cause?: unknown }) {
    super(code, `${argument}: ${message}`, options);
    this.argument = argument;
  }
}

/**
 * A model method that needs a fitted model (`predict`, `transform`, `toJSON`, …) was called
 * before `fit` (or `fromJSON`).
 */
export class NotFittedError extends MsrError {
  override readonly name = 'NotFittedError';

  /** @param model - The class whose method was called, e.g. `'GaussianMixture'`. */
  constructor(model: string) {
    super('ERR_NOT_FITTED', `${model} is not fitted yet: call fit() (or fromJSON()) first`);
  }
}

/**
 * A serialised model was refused: not JSON of the expected format, an unsupported version, or
 * contents that fail validation (wrong shapes, non-finite numbers, broken tree structure).
 * `path` points at the offending field (`'trees.feature[42]'`).
 */
export class ModelFormatError extends MsrError {
  override readonly name = 'ModelFormatError';
  /** Where in the serialised model the problem is (dot/bracket path, `''` for the root). */
  readonly path: string;

  constructor(format: string, path: string, message: string, options?: { cause?: unknown }) {
    super('ERR_MODEL_FORMAT', `${format} model${path ? ` at ${path}` : ''}: ${message}`, options);
    this.path = path;
  }
}

/**
 * A numerical procedure could not proceed: e.g. a Gaussian mixture component's covariance is
 * not positive definite. The message says which component and how to avoid it.
 */
export class NumericalError extends MsrError {
  override readonly name = 'NumericalError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_NUMERICAL', message, options);
  }
}
