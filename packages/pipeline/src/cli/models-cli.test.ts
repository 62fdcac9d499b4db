import { mkdir, rm, writeFile } from 'node:fs/promises';
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
});
