import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalTrackingStore, type TrackingStore } from '@msr/mlflow-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { createTracker } from '../tracking/create-tracker.js';
import { isolatedMlflowServer, pipelineMlflowServers, type PipelineMlflowServer } from '../tracking/__fixtures__/mlflow-servers.js';
import { captureIo } from './__fixtures__/capture-io.js';
import { main } from './main.js';

let fixture: PipelineRoot;
let store: TrackingStore;
let env: Record<string, string> = {};
beforeEach(async () => {
  fixture = await pipelineRoot();
});
afterEach(async () => {
  await rm(fixture.root, { recursive: true, force: true });
});

function io() {
  return captureIo({ env, cwd: fixture.root });
}

/** Three registered versions of msr-recommender (logged models), @champion on version 1, as model assembly leaves them. */
async function threeVersions(): Promise<void> {
  const { experimentId } = await store.getOrCreateExperiment('recommender');
  const dir = join(fixture.root, 'bundle');
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < 3; i++) {
    await writeFile(join(dir, 'model.json'), JSON.stringify({ bundle: i }));
    const run = await store.createRun({ experimentId, runName: `assembly ${i}` });
    const { modelUri } = await store.logModel(run.info.runId, { dir, name: 'model' });
    await store.registerModel('msr-recommender', modelUri);
    await store.endRun(run.info.runId);
  }
  await store.setModelAlias('msr-recommender', 'champion', '1');
}

async function msr(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const a = io();
  const code = await main([...argv, '--config', fixture.config], a);
  return { code, out: a.out(), err: a.err() };
}

const champion = async (): Promise<string | undefined> => (await store.getModelVersionByAlias('msr-recommender', 'champion'))?.version;
const previousChampion = async (): Promise<string | undefined> => (await store.getModelVersionByAlias('msr-recommender', 'previous-champion'))?.version;

/**
 * `msr run` moves @champion too (model assembly registers each new bundle, the recommender
 * evaluation's gate may move it back): every move that sticks leaves @previous-champion on the
 * version before it, and a move the gate rejects leaves both aliases as they were before the run
 * (decision 1060). Three dummy versions, then three real runs on 110 songs a genre (enough held-out
 * recordings for the gate to compare), each with other boosting params so each bundle is new.
 */
async function championAcrossRuns(): Promise<void> {
  await rm(fixture.root, { recursive: true, force: true });
  fixture = await pipelineRoot(110);
  if (store instanceof LocalTrackingStore) store = new LocalTrackingStore({ root: join(fixture.root, 'mlruns') });
  const run = async (estimators: number) => {
    const params = join(fixture.root, `params-${estimators}.yaml`);
    await writeFile(params, (await readFile(fixture.quickParams, 'utf8')).replace('n_estimators: 20', `n_estimators: ${estimators}`));
    const r = await msr('run', '--params', params, '-q');
    expect(r.code, r.err).toBe(0);
  };
  await threeVersions();
  expect((await msr('models', 'promote', '2')).code).toBe(0);

  // A run that sticks: version 4 is champion, the promoted version 2 is the undo point.
  await run(20);
  expect(await champion()).toBe('4');
  expect(await previousChampion()).toBe('2');
  const list = JSON.parse((await msr('models', 'list', '--json')).out) as { versions: { version: string; aliases: string[] }[] };
  expect(list.versions.map((v) => [v.version, [...v.aliases].sort()])).toEqual([
    ['1', []],
    ['2', ['previous-champion']],
    ['3', []],
    ['4', ['champion']],
  ]);

  // From here on the gate holds version 3 as the champion to beat on this songs base (0.99: no bundle of these params reaches it).
  const report = JSON.parse(await readFile(join(fixture.root, 'metrics/recommender.json'), 'utf8')) as { bundle: { dataSha256: string }; gate: { decision: string } };
  expect(report.gate.decision).toBe('promoted');
  const experiment = await store.getExperimentByName('msr_recommender_eval');
  const strong = await store.createRun({ experimentId: experiment!.experimentId, runName: 'strong-champion', tags: { 'msr.data_sha256': report.bundle.dataSha256, 'msr.champion': 'true', 'msr.model_version': '3' } });
  await store.logBatch(strong.info.runId, { metrics: [{ key: 'primary', value: 0.99 }] });
  await store.endRun(strong.info.runId, 'FINISHED');

  // Champion 4, a run registers 5 and the gate puts 3 on it: the move that stuck is 4 → 3, so the
  // undo point is 4 (not the rejected 5, nor the 2 that was the undo point before the run).
  await run(19);
  expect(await champion()).toBe('3');
  expect(await previousChampion()).toBe('4');
  const back = await msr('models', 'rollback');
  expect(back.out).toContain('rolled back msr-recommender@champion: version 3 → 4');
  expect(await champion()).toBe('4');

  // Champion 3 with undo point 4, a run registers 6 and the gate keeps 3: nothing stuck, so both
  // aliases are as before the run — the undo point neither names the champion itself nor is lost.
  expect((await msr('models', 'promote', '3')).code).toBe(0);
  await run(18);
  expect(await champion()).toBe('3');
  expect(await previousChampion()).toBe('4');
  expect((await msr('models', 'rollback')).out).toContain('rolled back msr-recommender@champion: version 3 → 4');
}

describe('msr models', () => {
  beforeEach(() => {
    store = new LocalTrackingStore({ root: join(fixture.root, 'mlruns') });
    env = {};
  });

  it('promotes a version to @champion and rolls back to the one before, once', async () => {
    await threeVersions();
    const promoted = await msr('models', 'promote', '3');
    expect(promoted.code).toBe(0);
    expect(promoted.out).toContain('promoted msr-recommender@champion: version 1 → 3');
    expect(await champion()).toBe('3');

    const list = await msr('models', 'list', '--json');
    expect(list.code).toBe(0);
    const versions = (JSON.parse(list.out) as { versions: { version: string; aliases: string[] }[] }).versions;
    expect(versions.map((v) => [v.version, v.aliases])).toEqual([
      ['1', ['previous-champion']],
      ['2', []],
      ['3', ['champion']],
    ]);

    const back = await msr('models', 'rollback');
    expect(back.code).toBe(0);
    expect(back.out).toContain('rolled back msr-recommender@champion: version 3 → 1');
    expect(await champion()).toBe('1');

    // One level of undo: a second rollback has nothing left, and champion stays.
    const again = await msr('models', 'rollback');
    expect(again.code).toBe(2);
    expect(again.err).toContain('nothing to roll back');
    expect(await champion()).toBe('1');
  });

  it('exits 2 naming an unknown version, and leaves @champion where it was', async () => {
    await threeVersions();
    const r = await msr('models', 'promote', '7');
    expect(r.code).toBe(2);
    expect(r.err).toContain('msr-recommender has no version "7" (versions: 1, 2, 3');
    expect(await champion()).toBe('1');
    const none = await msr('models', 'rollback');
    expect(none.code).toBe(2);
    expect(none.err).toContain('nothing to roll back');
  });

  it('promoting the champion changes nothing, so a rollback still undoes the real promote', async () => {
    await threeVersions();
    expect((await msr('models', 'promote', '2')).code).toBe(0);
    const same = await msr('models', 'promote', '2');
    expect(same.out).toContain('already points at version 2; nothing changed');
    expect((await msr('models', 'rollback')).code).toBe(0);
    expect(await champion()).toBe('1');
  });

  it('rolls back to the champion before the last run that moved it, and a run the gate rejects leaves the undo point alone', async () => {
    await championAcrossRuns();
  }, 600_000);

  it('has --help, and exits 2 on a missing subcommand or version', async () => {
    const help = await msr('models', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('msr models promote <version>');
    expect(help.out).toContain('msr models rollback');
    expect((await msr('models')).code).toBe(2);
    const noVersion = await msr('models', 'promote');
    expect(noVersion.code).toBe(2);
    expect(noVersion.err).toContain('takes one version');
    const empty = await msr('models', 'promote', '1');
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('has no version "1" (it has no versions');
  });
});

const servers = pipelineMlflowServers();
const shared = servers.v3;

describe.skipIf(!shared)(`msr models on a real MLflow server${shared ? ` (${shared.version})` : ` — skipped: ${servers.skipReason ?? 'no server'}`}`, () => {
  // Version numbers are asserted: a server of its own with an empty registry.
  let own: (PipelineMlflowServer & { stop(): Promise<void> }) | undefined;
  beforeAll(async () => {
    own = await isolatedMlflowServer(shared!);
  }, 120_000);
  afterAll(async () => {
    await own?.stop();
  });
  beforeEach(() => {
    env = { MLFLOW_TRACKING_URI: own!.url };
    store = createTracker({ uri: own!.url }, { baseDir: fixture.root });
  });

  it('promotes, lists, rolls back once and names an unknown version through the server', async () => {
    await threeVersions();
    const unknown = await msr('models', 'promote', '9');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('msr-recommender has no version "9" (versions: 1, 2, 3');
    expect((await msr('models', 'rollback')).err).toContain('nothing to roll back');

    const promoted = await msr('models', 'promote', '2');
    expect(promoted.code).toBe(0);
    expect(promoted.out).toContain('promoted msr-recommender@champion: version 1 → 2');
    expect(await champion()).toBe('2');
    const list = JSON.parse((await msr('models', 'list', '--json')).out) as { versions: { version: string; aliases: string[] }[] };
    expect(list.versions.map((v) => [v.version, [...v.aliases].sort()])).toEqual([
      ['1', ['previous-champion']],
      ['2', ['champion']],
      ['3', []],
    ]);

    expect((await msr('models', 'rollback')).code).toBe(0);
    expect(await champion()).toBe('1');
    expect(await store.getModelVersionByAlias('msr-recommender', 'previous-champion')).toBeUndefined();
    expect((await msr('models', 'rollback')).code).toBe(2);
  }, 60_000);

  it('rolls back to the champion before the last run that moved it, through the server', async () => {
    // Versions from 1 again: a registry of its own.
    await own!.stop();
    own = await isolatedMlflowServer(shared!);
    env = { MLFLOW_TRACKING_URI: own.url };
    store = createTracker({ uri: own.url }, { baseDir: fixture.root });
    await championAcrossRuns();
  }, 900_000);
});
