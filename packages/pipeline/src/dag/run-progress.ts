import type { PipelineEvent } from './pipeline-event.js';

/**
 * Folds a run's events into one overall fraction (0 → 1) and a short message — for a progress
 * bar of the whole run, or a server's retrain job status. Each selected stage counts equally;
 * a stage's own progress (training rounds, genres, bytes) fills its share.
 *
 * @example
 * ```ts
 * await runPipeline({ rootDir, onEvent: runProgress((fraction, message) => job.update(fraction, message)) });
 * ```
 */
export function runProgress(onProgress: (fraction: number, message: string) => void): (event: PipelineEvent) => void {
  let total = 0;
  let finished = 0;
  const report = (within: number, message: string): void => {
    if (total > 0) onProgress(Math.min(1, (finished + within) / total), message);
  };
  return (event) => {
    switch (event.type) {
      case 'run-start':
        total = event.stages.length;
        finished = 0;
        report(0, 'started');
        break;
      case 'stage-start':
        report(0, event.attempt > 1 ? `${event.stage} (attempt ${event.attempt})` : event.stage);
        break;
      case 'stage-progress':
        if (event.total !== undefined && event.total > 0) report(Math.min(1, event.done / event.total), `${event.stage}: ${event.phase} ${event.done}/${event.total}${event.unit && event.unit !== 'bytes' ? ` ${event.unit}` : ''}`);
        break;
      case 'stage-skip':
      case 'stage-done':
        finished++;
        report(0, `${event.stage} ${event.type === 'stage-skip' ? 'up to date' : 'done'}`);
        break;
      case 'run-done':
        if (total > 0) onProgress(event.status === 'succeeded' ? 1 : finished / total, event.status);
        break;
      default:
        break;
    }
  };
}
