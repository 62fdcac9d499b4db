/**
 * Builds the test pipeline template once per test run (the server project's global setup runs
 * this in a child process, from source): writes the inputs into `<dir>/inputs` and trains the
 * real pipeline into `<dir>/pipeline`, so every test app starts with a real model.
 *
 *   node --conditions=@msr/source --import tsx test/support/build-test-pipeline.ts <dir>
 */
import { join } from 'node:path';
import { runPipeline } from '@msr/pipeline';
import { writePipelineInputs } from './test-pipeline.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: build-test-pipeline.ts <dir>');
const inputs = writePipelineInputs(join(dir, 'inputs'));
const result = await runPipeline({ rootDir: join(dir, 'pipeline'), files: { config: inputs.config, params: inputs.params }, sourceUrl: inputs.dataset, retries: 0 });
process.stdout.write(`${JSON.stringify({ ran: result.ran, durationMs: result.durationMs })}\n`);
