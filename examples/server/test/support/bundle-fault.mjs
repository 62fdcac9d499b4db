/**
 * Preloaded into the real retrain worker (`NODE_OPTIONS=--import …`) by faults.test.ts: when the
 * job reports success, it first damages the bundle the job wrote, as a full disk or another
 * process might — `MSR_TEST_BUNDLE_FAULT=corrupt` truncates it, `=missing` deletes it — so the
 * server's own hot-swap (load, verify, swap) meets a real bad file.
 */
import { rmSync, writeFileSync } from 'node:fs';

const fault = process.env.MSR_TEST_BUNDLE_FAULT;
const send = process.send?.bind(process);
if (send && fault) {
  process.send = (message, ...rest) => {
    const path = message?.type === 'succeeded' ? message.result?.bundle?.path : undefined;
    if (typeof path === 'string') {
      if (fault === 'missing') rmSync(path);
      else writeFileSync(path, '{"format":"msr.recommender-model","version":1,"genres":[');
    }
    return send(message, ...rest);
  };
}
