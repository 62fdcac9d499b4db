/**
 * Child process for the kill test: runs the pipeline tracked on a server and dies with SIGKILL
 * (no finally blocks, no exit handlers) while the evaluation's MLflow run is open — when it
 * starts logging its model. argv: <root> <config> <params> <tracking uri>
 */
import { runPipeline } from '../../pipeline/run-pipeline.js';
import { createTracker } from '../create-tracker.js';

const [root, config, params, uri] = process.argv.slice(2) as [string, string, string, string];
const store = createTracker({ uri }, { baseDir: root });
const die = async (): Promise<never> => {
  process.kill(process.pid, 'SIGKILL');
  return new Promise<never>(() => {});
};
const tracker = new Proxy(store, {
  get(target, key) {
    if (key === 'logModel') return die;
    const value: unknown = Reflect.get(target, key, target);
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  },
});
await runPipeline({ rootDir: root, files: { config, params }, tracker });
