import { isBadInput, PipelineError } from './pipeline-error.js';

/**
 * A pipeline run failed in a stage. `cause` is the stage's own error; `badInput` follows it,
 * so a CLI can tell bad data or config (exit 2) from a failure (exit 1).
 */
export class StageFailedError extends PipelineError {
  override readonly name = 'StageFailedError';
  /** The stage that failed. */
  readonly stage: string;
  /** The run. */
  readonly runId: string;

  constructor(stage: string, runId: string, cause: Error) {
    super('ERR_STAGE_FAILED', `stage ${stage} failed: ${cause.message}`, { cause, badInput: isBadInput(cause) });
    this.stage = stage;
    this.runId = runId;
  }
}
