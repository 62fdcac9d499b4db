import { LocalTrackingStore } from '@msr/mlflow-client';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureIo } from '../cli/__fixtures__/capture-io.js';
import { main } from '../cli/main.js';
import { RunHistory } from '../history/run-history.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import { PIPELINE_RUN_TAG } from '../tracking/tracker.js';

let fx: PipelineRoot;
beforeAll(async () => {
  // 110 songs a genre: 22 held out by recording, enough for 20-track playlists.
  fx = await pipelineRoot(110);
  // A playlists.json of three 40-song jazz playlists, in the three uri forms: ~8 held-out recordings each.
  const rows = (await readFile(fx.dataset, 'utf8')).split('\n').slice(1).filter((line) => line.includes(',jazz'));
  const ids = rows.map((line) => line.split(',')[1]!); // after the unnamed index column
  const forms = [(id: string) => `spotify:track:${id}`, (id: string) => id, (id: string) => `https://open.spotify.com/track/${id}`];
  const playlists = forms.map((form, pid) => ({ pid, name: `jazz ${pid}`, num_tracks: 40, tracks: ids.slice(pid * 35, pid * 35 + 40).map((id, pos) => ({ pos, track_uri: form(id), track_name: 't', artist_name: 'a' })) }));
  await mkdir(join(fx.root, 'data/raw'), { recursive: true });
  await writeFile(join(fx.root, 'data/raw/playlists.json'), JSON.stringify({ playlists }));
});
afterAll(async () => {
  await rm(fx.root, { recursive: true, force: true });
});

function io() {
  return captureIo({ env: {}, cwd: fx.root });
}

describe('recommender_evaluation', () => {
  it('msr evaluate runs the pipeline through it and prints every system on every family, held out; the run is tracked', async () => {
    const a = io();
    expect(await main(['evaluate', '--config', fx.config, '--params', fx.quickParams, '-q'], a)).toBe(0);
    const text = a.out();
    expect(text).toMatch(/\nrecommender on held-out playlists: 100 per family from 220 held-out recordings; catalog 1100 recordings; run [0-9a-f]{32}\n/);
    expect(text).toMatch(/\nprimary: recallAt20 on coherent playlists = \d\.\d{3} \(default system\)\n/);
    for (const system of ['default', 'mean-proba', 'original', 'knn-mean', 'knn-sum', 'true-genre']) {
      for (const family of ['coherent', 'random', 'mix', 'noisy', 'three-track']) expect(text).toMatch(new RegExp(`\\n${system} +${family} +\\d`));
    }

    const report = JSON.parse(await readFile(join(fx.root, 'metrics/recommender.json'), 'utf8'));
    expect(report.unmatched).toBe(0);
    expect(report.skipped).toBeNull();
    // Five built families and the configured playlists' held-out tracks, for six systems.
    expect(report.setup.families).toEqual(['coherent', 'random', 'mix', 'noisy', 'three-track', 'configured']);
    expect(report.figures).toHaveLength(36);
    const configured = report.figures.find((f: { system: string; family: string }) => f.system === 'default' && f.family === 'configured');
    expect(configured).toMatchObject({ playlists: 3, genreAccuracy: null, genrePrecision: null, playlistTracks: 0, repeats: 0 });
    // Zero playlist tracks and repeated recordings, in every system and family.
    for (const f of report.figures) expect([f.system, f.family, f.playlistTracks, f.repeats]).toEqual([f.system, f.family, 0, 0]);
    const mix = report.figures.find((f: { system: string; family: string }) => f.system === 'default' && f.family === 'mix');
    expect(mix.bothGenres).toBeGreaterThan(0.6);
    expect(report.figures.find((f: { family: string }) => f.family === 'coherent').bothGenres).toBeNull();

    const store = new LocalTrackingStore({ root: join(fx.root, 'mlruns') });
    const run = await store.getRun(report.runId);
    expect(run.data.metrics['primary']).toBeCloseTo(report.primary.value, 12);
    expect(run.data.metrics['default.coherent.recall_at_20']).toBeCloseTo(report.primary.value, 12);
    expect(run.data.metrics['knn_sum.mix.both_genres']).toBeGreaterThanOrEqual(0);
    expect(run.data.tags['msr.stage']).toBe('recommender_evaluation');
    // Like every tracked stage's runs, it carries the pipeline run's id (a stale-lock takeover
    // ends a dead run's runs KILLED by it) and who ran it from where.
    const [pipelineRun] = (await new RunHistory(join(fx.root, '.msr/history.jsonl')).list()).filter((r) => r.kind === 'pipeline');
    expect(run.data.tags[PIPELINE_RUN_TAG]).toBe(pipelineRun!.runId);
    expect(run.data.tags['mlflow.user']).toEqual(expect.any(String));
    const artifacts = await store.listArtifacts(report.runId, 'evaluation');
    expect(artifacts.map((f) => f.path)).toEqual(['evaluation/recommender.json']);

    // The first evaluated version has no champion to beat.
    expect(report.gate).toMatchObject({ decision: 'promoted', version: '1', champion: null });
    expect(run.data.tags).toMatchObject({ 'msr.model_version': '1', 'msr.champion': 'true' });
    expect(text).toMatch(/\nchampion gate: version 1 promoted \(no earlier champion evaluated on this songs base\)/);

    // Up to date: nothing re-runs.
    const b = io();
    expect(await main(['evaluate', '--config', fx.config, '--params', fx.quickParams, '--json'], b)).toBe(0);
    expect(JSON.parse(b.out())).toMatchObject({ ok: true, ran: [], recommender: { runId: report.runId } });
  }, 240_000);

  it('keeps the champion when a new bundle is worse on the primary metric, and logs the comparison', async () => {
    const store = new LocalTrackingStore({ root: join(fx.root, 'mlruns') });
    const first = JSON.parse(await readFile(join(fx.root, 'metrics/recommender.json'), 'utf8'));
    const digest = (await store.getRun(first.runId)).data.tags['msr.data_sha256']!;
    // A champion (version 1) that scored higher than any bundle of these params will.
    const experiment = await store.getExperimentByName('msr_recommender_eval');
    const better = await store.createRun({ experimentId: experiment!.experimentId, runName: 'earlier-champion', tags: { 'msr.data_sha256': digest, 'msr.champion': 'true', 'msr.model_version': '1' } });
    await store.logBatch(better.info.runId, { metrics: [{ key: 'primary', value: 0.99 }] });
    await store.endRun(better.info.runId, 'FINISHED');

    // Another classifier, so another bundle (forcing the assembly alone would rebuild the same
    // bundle, which is not registered again: issue 12 bug 6).
    const params = join(fx.root, 'other-params.yaml');
    await writeFile(params, (await readFile(fx.quickParams, 'utf8')).replace('n_estimators: 20', 'n_estimators: 19'));
    const result = await runPipeline({ rootDir: fx.root, files: { config: fx.config, params } });
    expect(result.ran).toEqual(['model_trainer', 'model_evaluation', 'model_assembly', 'recommender_evaluation']);
    const report = JSON.parse(await readFile(join(fx.root, 'metrics/recommender.json'), 'utf8'));
    expect(report.gate).toEqual({ decision: 'kept', version: '2', primary: report.primary.value, champion: { version: '1', primary: 0.99 } });
    expect((await store.getModelVersionByAlias('msr-recommender', 'champion'))!.version).toBe('1');
    const run = await store.getRun(report.runId);
    expect(run.data.tags).toMatchObject({ 'msr.model_version': '2', 'msr.champion': 'false', 'msr.gate': `kept: ${report.primary.value} vs version 1 0.99` });
  }, 240_000);
});
