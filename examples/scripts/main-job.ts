/**
 * `npm run pipeline`, the pipeline's main job (`npm start` runs the server): runs the
 * whole pipeline on the repository's fixtures with the embedded defaults — shipped config, the
 * local tracking store under `artifacts/main/mlruns`, no accounts, no servers — then prints a
 * recommendation for the first playlist of `fixtures/playlists.json`.
 *
 * `node --conditions=@msr/source --import tsx examples/scripts/main-job.ts [playlist-ref]`
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProgressRenderer, exitCodeOf, recommendPlaylist, runPipeline } from '@msr/pipeline';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dataset = join(repo, 'fixtures/dataset.zip');
const playlists = join(repo, 'fixtures/playlists.json');
const rootDir = join(repo, 'artifacts/main');

try {
  for (const file of [dataset, playlists]) {
    if (!existsSync(file)) throw Object.assign(new Error(`${file} is missing; run \`npm run fixtures\` to generate it`), { code: 'ERR_NO_FIXTURES' });
  }
  const result = await runPipeline({ rootDir, sourceUrl: dataset, onEvent: createProgressRenderer(process.stderr) });
  console.log(`msr: pipeline up to date in ${(result.durationMs / 1000).toFixed(1)} s (ran: ${result.ran.join(', ') || 'nothing'})`);
  const ref = process.argv[2] ?? '1';
  const answer = await recommendPlaylist({ rootDir, sourceUrl: dataset, playlist: ref, playlistsPath: playlists, count: 10 });
  console.log(`msr: playlist ${ref} → genre ${answer.genre} (${(answer.genreProbabilities[answer.genre]! * 100).toFixed(0)}%), similarity ${answer.similarity.toFixed(3)}`);
  for (const r of answer.recommendations) console.log(`  ${String(r.rank).padStart(2)}. ${r.uri}  ${r.genre}  score ${r.score.toFixed(3)}`);
} catch (error) {
  console.error(`msr: ${(error as Error).message}`);
  process.exitCode = (error as { code?: unknown }).code === 'ERR_NO_FIXTURES' ? 2 : exitCodeOf(error);
}
