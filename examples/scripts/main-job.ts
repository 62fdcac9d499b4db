/**
 * Proposed main job for `npm start` (not switched yet; see the pipeline's report): runs the
 * whole pipeline on the repository's fixtures with the embedded defaults — shipped config, the
 * local tracking store, no accounts, no servers — in `artifacts/main`, then prints what ran.
 *
 * `node --conditions=@msr/source --import tsx examples/scripts/main-job.ts`
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createProgressRenderer, exitCodeOf, runPipeline } from '@msr/pipeline';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dataset = join(repo, 'fixtures/dataset.zip');
if (!existsSync(dataset)) {
  console.error(`msr: ${dataset} is missing; run \`npm run fixtures\` to generate it`);
  process.exit(2);
}
try {
  const result = await runPipeline({ rootDir: join(repo, 'artifacts/main'), sourceUrl: dataset, onEvent: createProgressRenderer(process.stderr) });
  console.log(`msr: pipeline up to date (ran ${result.ran.join(', ') || 'nothing'}) in ${(result.durationMs / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`msr: ${(error as Error).message}`);
  process.exitCode = exitCodeOf(error);
}
