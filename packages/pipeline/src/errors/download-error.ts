import { PipelineError } from './pipeline-error.js';

/**
 * A download failed: a network error, an HTTP error status, a body shorter or longer than
 * announced, a size or checksum that differs from the expected one. Worth retrying, so not
 * bad input. Nothing is left at the destination.
 */
export class DownloadError extends PipelineError {
  override readonly name = 'DownloadError';
  /** The URL that was being fetched. */
  readonly url: string;

  constructor(url: string, message: string, options: { cause?: unknown; code?: string } = {}) {
    super(options.code ?? 'ERR_DOWNLOAD', `${url}: ${message}`, { cause: options.cause });
    this.url = url;
  }
}
