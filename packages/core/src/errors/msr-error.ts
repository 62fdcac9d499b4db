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
