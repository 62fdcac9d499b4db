import { PipelineError } from './pipeline-error.js';

/**
 * A dataset has the wrong shape or content: missing or unexpected columns, a cell of the wrong
 * type, a configured genre with no songs, an archive with no CSV in it. `file` names it.
 */
export class DatasetError extends PipelineError {
  override readonly name = 'DatasetError';
  /** The file that was wrong. */
  readonly file: string;

  constructor(file: string, message: string, options: { cause?: unknown; code?: string } = {}) {
    super(options.code ?? 'ERR_DATASET', `${file}: ${message}`, { badInput: true, cause: options.cause });
    this.file = file;
  }
}
