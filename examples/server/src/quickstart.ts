/**
 * What `main.ts --quickstart` (`npm start`, the README's main job) adds to a deployment start:
 * embedded defaults — the repository's fixtures (`fixtures/dataset.zip`, `fixtures/playlists.json`),
 * everything else under `data/` at the repository root (`msr-server.db`, `params.yaml`, the
 * pipeline root `data/pipeline/` with its local MLflow-layout tracking store `mlruns/`, the feed's
 * drop folder `data/new/`), text logs; with no model yet, a first training in this process with
 * `runPipeline` (progress on stderr); once listening, one sample recommendation for playlist 1,
 * the URL and the first admin's credentials. Every `MSR_*` variable still applies.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProgressRenderer, runPipeline, trackingConfigFromEnv } from '@msr/pipeline';
import { songLabel, spotifyTrackUrl } from '@msr/core';
import { createPipelineParamsStore, readPipelineConfigTexts } from './adapters/pipeline-params.js';
import { pipelineJobSettingsOf, pipelineOptionsOf, pipelinePathsOf } from './adapters/pipeline-job.js';
import type { ServerConfig, ServerConfigInput } from './config/config.js';
import type { Logger } from './logging/logger.js';
import type { ServerHandle } from './start-server.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const data = join(repo, 'data');
const shown = (path: string): string => (path.startsWith(repo) ? relative(repo, path) : path);

/** The quick start's configuration base (under the environment and `MSR_CONFIG`). */
export const QUICKSTART_DEFAULTS: ServerConfigInput = {
  database: { url: `file:${join(data, 'msr-server.db')}` },
  paths: {
    params: join(data, 'params.yaml'),
    pipelineRoot: join(data, 'pipeline'),
    dataset: join(repo, 'fixtures', 'dataset.zip'),
    playlists: join(repo, 'fixtures', 'playlists.json'),
  },
  feed: { dropFolder: join(data, 'new') },
  log: { format: 'text' },
};

/**
 * Before the server starts: refuses (exit 2) when the fixtures are missing, and with no model
 * yet trains one in this process, so the server starts with a model.
 */
export async function trainBeforeListening(config: ServerConfig, logger: Logger): Promise<void> {
  const settings = pipelineJobSettingsOf(config);
  for (const file of [settings.dataset, config.paths.playlists]) {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(file) && !existsSync(file)) {
      process.stderr.write(`msr: ${shown(file)} is missing; generate the fixtures with \`npm run fixtures\` (or set MSR_DATASET / MSR_PLAYLISTS_PATH)\n`);
      process.exit(2);
    }
  }
  await createPipelineParamsStore(settings.paramsFile, readPipelineConfigTexts(settings.configFile));
  const { bundle } = await pipelinePathsOf(settings);
  if (existsSync(bundle)) return;
  logger.info('no model yet: training one with the pipeline first', { dataset: shown(settings.dataset), root: shown(settings.rootDir) });
  const tracking = trackingConfigFromEnv(process.env);
  const trained = await runPipeline({ ...pipelineOptionsOf(settings, tracking ? { tracking } : {}), onEvent: createProgressRenderer(process.stderr) });
  logger.info('model trained', { seconds: Math.round(trained.durationMs / 100) / 10, bundle: shown(bundle) });
}

/** Once listening: the URL, the admin's credentials and a sample recommendation, for a person at a terminal. */
export async function welcomeLines(server: ServerHandle, config: ServerConfig, logger: Logger): Promise<string> {
  const lines: string[] = ['', `msr is running at ${server.url}`];
  if (server.firstAdmin?.password) {
    lines.push(`  first admin: ${server.firstAdmin.username} / ${server.firstAdmin.password}  (generated now and shown only this once: change it on the Account page)`);
  } else if (server.firstAdmin) {
    lines.push(`  first admin: ${server.firstAdmin.username}, with the password from MSR_ADMIN_PASSWORD`);
  } else {
    lines.push(`  admin: ${config.admin.username} (created on an earlier start, when its password was shown; delete ${shown(data)} to start afresh)`);
  }
  try {
    const playlist = await server.services.resolver.resolve({ kind: 'mpd-index', index: 1 });
    const result = server.services.recommender.recommend(playlist, 10);
    lines.push(
      '',
      `Sample: playlist 1 of ${shown(config.paths.playlists)} (${playlist.name ? `"${playlist.name}", ` : ''}${playlist.tracks.length} tracks with features)`,
      `  genre ${result.genre} (${Math.round((result.probabilities[result.genre] ?? 0) * 100)}%), similarity ${result.similarity.toFixed(3)}, model ${result.modelVersion}`,
      ...result.songs.map((s) => `  ${String(s.rank ?? '').padStart(2)}. ${songLabel(s)}  (${s.genre ?? ''}, score ${s.score.toFixed(3)})  ${spotifyTrackUrl(s.uri)}`),
    );
  } catch (error) {
    logger.warn('the sample recommendation failed', { error });
  }
  lines.push('', 'Open the URL, register or log in; admins find parameters, retrains, monitoring and the scheduler under Admin.', 'Stop it with Ctrl-C: requests in flight finish, the scheduler and any retrain stop, the database is closed.', '');
  return lines.join('\n');
}
