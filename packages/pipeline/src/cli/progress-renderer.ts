import type { PipelineEvent } from '../dag/pipeline-event.js';

/** Formats a byte count for people. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1 << 20) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1 << 20)).toFixed(1)} MiB`;
}

/** One progress bar line: `[#####.....]  52% 1.2 MiB / 2.3 MiB`. */
export function progressBar(done: number, total: number | undefined, unit: string | undefined, width = 24): string {
  const amount = (n: number): string => (unit === 'bytes' ? formatBytes(n) : `${n}${unit ? ` ${unit}` : ''}`);
  if (total === undefined || total <= 0) return amount(done);
  const ratio = Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${amount(done)} / ${amount(total)}`;
}

/**
 * Turns pipeline events into what people read on a terminal: a line per stage start, end,
 * skip, retry and failure, log lines, and on a TTY a progress bar redrawn in place for long
 * steps (download, training rounds, clustering). Without a TTY (CI, containers, log files) a
 * long step prints one line at every 10% instead, so logs show progress without redraws.
 * This is the CLI's job, not the library's.
 */
export function createProgressRenderer(out: { write(text: string): unknown; isTTY?: boolean }, options: { verbose?: boolean } = {}): (event: PipelineEvent) => void {
  let barShown = false;
  // Without a TTY: the last tenth printed per stage and phase.
  const tenths = new Map<string, number>();
  const clearBar = (): void => {
    if (barShown) out.write('\r\x1b[2K');
    barShown = false;
  };
  const line = (text: string): void => {
    clearBar();
    out.write(`${text}\n`);
  };
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  return (event) => {
    switch (event.type) {
      case 'run-start':
        line(`msr: run ${event.runId.slice(0, 8)} — ${event.stages.join(' → ')}`);
        break;
      case 'lock-recovered':
        line(`  ! recovered a stale run lock: ${event.reason}`);
        break;
      case 'stage-skip':
        line(`  - ${event.stage}: up to date, skipped`);
        break;
      case 'stage-start':
        for (const key of tenths.keys()) if (key.startsWith(`${event.stage}\0`)) tenths.delete(key);
        line(`  > ${event.stage}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}: ${event.reasons.join('; ')}`);
        break;
      case 'stage-progress':
        if (out.isTTY) {
          out.write(`\r\x1b[2K    ${event.phase} ${progressBar(event.done, event.total, event.unit)}`);
          barShown = true;
        } else if (event.total !== undefined && event.total > 0) {
          const key = `${event.stage}\0${event.phase}`;
          const tenth = Math.floor((Math.min(event.done, event.total) / event.total) * 10);
          if (tenth > (tenths.get(key) ?? 0)) {
            tenths.set(key, tenth);
            line(`    ${event.stage} ${event.phase}: ${progressBar(event.done, event.total, event.unit)}`);
          }
        }
        break;
      case 'stage-log':
        if (options.verbose || event.level !== 'debug') line(`    ${event.level === 'info' ? '' : `${event.level}: `}${event.message}`);
        break;
      case 'stage-retry':
        line(`  ! ${event.stage} failed (${event.error}); retrying in ${seconds(event.delayMs)}`);
        break;
      case 'stage-done':
        line(`  ✓ ${event.stage} (${seconds(event.durationMs)})`);
        break;
      case 'stage-fail':
        line(`  ✗ ${event.stage} failed after ${event.attempts} attempt${event.attempts > 1 ? 's' : ''}: ${event.error.split('\n')[0]}`);
        break;
      case 'run-done':
        line(`msr: ${event.status} in ${seconds(event.durationMs)} — ran ${event.ran.length}, skipped ${event.skipped.length}`);
        break;
    }
  };
}
