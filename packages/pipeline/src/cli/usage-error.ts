import { PipelineError } from '../errors/pipeline-error.js';

/** The command line was wrong: unknown command or option, a missing argument. */
export class UsageError extends PipelineError {
  override readonly name = 'UsageError';

  constructor(message: string) {
    super('ERR_USAGE', message, { badInput: true });
  }
}
