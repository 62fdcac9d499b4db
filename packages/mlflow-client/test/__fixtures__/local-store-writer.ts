/**
 * One of several processes writing to one local `mlruns` at once (local-store-processes.test.ts):
 * waits for the go file, then asks for the experiment and registers a model, and prints what it got.
 * Arguments: mlruns folder, go file, writer number.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalTrackingStore } from '../../src/store/local/local-tracking-store.js';

const [root, go, writer] = process.argv.slice(2) as [string, string, string];
const store = new LocalTrackingStore({ root });
const dir = await mkdtemp(join(tmpdir(), 'msr-model-'));
await writeFile(join(dir, 'model.json'), JSON.stringify({ writer }));
process.stdout.write('ready\n');
// Spin, not sleep: every writer leaves the start line within a millisecond of the others.
while (!existsSync(go)) {
  /* waiting for the start */
}
const experiment = await store.getOrCreateExperiment('music_clf');
const run = await store.createRun({ experimentId: experiment.experimentId, runName: `writer-${writer}` });
const { modelUri } = await store.logModel(run.info.runId, { dir, flavor: { bundle: 'model.json', format_version: 1 } });
const version = await store.registerModel('msr-recommender', modelUri);
process.stdout.write(`${JSON.stringify({ experimentId: experiment.experimentId, version: version.version, source: version.source })}\n`);
