import { PipelineError } from '../errors/pipeline-error.js';

const SIGNAL_NUMBERS = { SIGINT: 2, SIGTERM: 15 } as const;

/** The user stopped the command (Ctrl-C, or a supervisor's SIGTERM); `msr` exits with 128 + the signal's number. */
export class InterruptedError extends PipelineError {
  override readonly name = 'InterruptedError';
  readonly signal: keyof typeof SIGNAL_NUMBERS;
  /** 130 for SIGINT, 143 for SIGTERM, as shells report a process killed by the signal. */
  readonly exitCode: number;

  constructor(signal: keyof typeof SIGNAL_NUMBERS) {
    super('ERR_INTERRUPTED', `interrupted (${signal})`);
    this.signal = signal;
    this.exitCode = 128 + SIGNAL_NUMBERS[signal];
  }
}
