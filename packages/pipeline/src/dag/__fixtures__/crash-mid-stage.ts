/**
 * Child process for the crash test: takes the run lock through a DagRunner, stages a new
 * output halfway, then dies with SIGKILL (no finally blocks, no exit handlers) — a real crash.
 * argv: <root>
 */
import { join } from 'node:path';
import { DagRunner } from '../dag-runner.js';
import { FileTransaction } from '../../fs/file-transaction.js';

const root = process.argv[2]!;
const runner = new DagRunner({
  lockFile: join(root, 'msr.lock'),
  runLockFile: join(root, '.msr/run.lock'),
  stages: [
    {
      name: 'write',
      deps: [join(root, 'source.txt')],
      outs: [join(root, 'out.txt')],
      run: async () => {
        const tx = new FileTransaction();
        await tx.write(join(root, 'out.txt'), 'half-written new output');
        process.kill(process.pid, 'SIGKILL');
        await new Promise(() => {});
      },
    },
  ],
});
await runner.run();
