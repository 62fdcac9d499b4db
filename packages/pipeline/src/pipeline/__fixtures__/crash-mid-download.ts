/**
 * Child process for the pipeline crash test: runs the pipeline with a fetch whose body kills
 * the process (SIGKILL) after half the dataset was written to the temporary download file.
 * argv: <root> <config.yaml> <dataset file>
 */
import { readFile } from 'node:fs/promises';
import { rebuildSongsBase } from '../rebuild-songs-base.js';

const [root, config, dataset] = process.argv.slice(2) as [string, string, string];
const bytes = await readFile(dataset);
const dyingFetch: typeof fetch = async () => {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= bytes.length / 2) process.kill(process.pid, 'SIGKILL');
      const chunk = bytes.subarray(sent, sent + 4096);
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return new Response(body, { headers: { 'content-length': String(bytes.length) } });
};
await rebuildSongsBase({ rootDir: root, files: { config }, sourceUrl: 'https://dataset.invalid/dataset.csv', fetch: dyingFetch });
