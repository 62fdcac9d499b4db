/**
 * Retrain from code: `node --conditions=@msr/source --import tsx examples/retrain.ts [root]`.
 *
 * Runs the pipeline in `root` (default: ./artifacts/retrain), re-running only what changed since
 * the last run, prints one line per event and a summary, and exits with the CLI's codes
 * (2 for bad input, 3 when another run holds the lock, 1 for other failures).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { exitCodeOf, runPipeline, StageFailedError, trackingConfigFromEnv, type PipelineEvent } from '@msr/pipeline';

const root = resolve(process.argv[2] ?? 'artifacts/retrain');
// The repository's fixture dataset, unless the root's config.yaml names its own source.
const fixture = resolve('fixtures/dataset.zip');

function log(event: PipelineEvent): void {
  if (event.type === 'stage-start') console.log(`> ${event.stage} (${event.reasons.join('; ')})`);
  else if (event.type === 'stage-skip') console.log(`- ${event.stage}: up to date`);
  else if (event.type === 'stage-done') console.log(`✓ ${event.stage} in ${(event.durationMs / 1000).toFixed(1)} s`);
  else if (event.type === 'stage-log' && event.level !== 'debug') console.log(`  ${event.message}`);
  else if (event.type === 'stage-retry') console.log(`! ${event.stage}: ${event.error}; retrying in ${event.delayMs / 1000} s`);
}

try {
  const result = await runPipeline({
    rootDir: root,
    ...(existsSync(fixture) ? { sourceUrl: fixture } : {}),
    // The environment is read here, by the script, never inside the library.
    tracking: trackingConfigFromEnv(process.env),
    onEvent: log,
  });
  console.log(`done in ${(result.durationMs / 1000).toFixed(1)} s — ran ${result.ran.length}, skipped ${result.skipped.length}`);
} catch (error) {
  console.error(error instanceof StageFailedError ? `stage ${error.stage} failed: ${(error.cause as Error).message}` : String(error));
  process.exitCode = exitCodeOf(error);
}
