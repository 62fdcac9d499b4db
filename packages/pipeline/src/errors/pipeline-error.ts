import { ConfigError, InvalidArgumentError, MsrError, RecommendError } from '@msr/core';
import { InvalidOptionError, InvalidPlaylistReference, InvalidTrackId, NoPlaylistSource, PlaylistNotFound, SourceFileError } from '@msr/spotify';

/** Options of {@link PipelineError}. */
export interface PipelineErrorOptions {
  /** The underlying error. */
  cause?: unknown;
  /**
   * Whether the error is the caller's input (a config, a dataset, an argument) rather than a
   * failure of the machine or the network. Bad input is never retried, and the CLI exits with 2.
   * @default false
   */
  badInput?: boolean;
}

/**
 * Base class of every error `@msr/pipeline` throws on purpose. `code` is for programs,
 * `message` names the file, row, key or stage that was wrong.
 */
export class PipelineError extends MsrError {
  override readonly name: string = 'PipelineError';
  /** True when the input was wrong (see {@link PipelineErrorOptions.badInput}). */
  readonly badInput: boolean;

  constructor(code: string, message: string, options: PipelineErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.badInput = options.badInput ?? false;
  }
}

/**
 * Tells whether `error` is bad input — a {@link PipelineError} marked so; `@msr/core`'s
 * `ConfigError`, `InvalidArgumentError` or `RecommendError`; `@msr/spotify`'s errors about what
 * the user gave (a playlist reference, a track id, a source file, a playlist that does not
 * exist) — as opposed to a failure worth retrying.
 */
export function isBadInput(error: unknown): boolean {
  if (error instanceof PipelineError) return error.badInput;
  return [ConfigError, InvalidArgumentError, RecommendError, InvalidPlaylistReference, InvalidTrackId, SourceFileError, InvalidOptionError, NoPlaylistSource, PlaylistNotFound].some((type) => error instanceof type);
}
