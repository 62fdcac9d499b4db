import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMlflowClient, parseMLmodel } from '../src/index.js';
import { mlflowServers, serverSuiteTitle } from './mlflow-server/servers.js';
import { runPython } from './python.js';

const servers = mlflowServers();
const unique = (prefix: string) => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const signature = {
  inputs: ['danceability', 'energy', 'tempo'].map((name) => ({ name, type: 'double' as const })),
  outputs: [{ name: 'genre', type: 'string' as const }],
};

async function bundle(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'msr-bundle-'));
  await writeFile(join(dir, 'model.json'), JSON.stringify({ version: 1, classifier: { trees: 250 } }));
  return dir;
}

describe.skipIf(!servers.v3)(serverSuiteTitle('models on MLflow 3.x: logged models', servers.v3, servers.skipReason), () => {
  it('probes the server, logs a logged model with MLmodel + bundle, links it to the run and finalizes it', async () => {
    const c = createMlflowClient({ trackingUri: servers.v3!.url });
    const experimentId = await c.experiments.create(unique('models3'));
    const { info } = await c.runs.create({ experimentId, runName: 'gbc' });
    expect(await c.models.supportsLoggedModels(experimentId)).toBe(true);

    const ref = await c.models.log(info.runId, { dir: await bundle(), name: 'classifier', flavor: { bundle: 'model.json' }, signature, params: { max_depth: '5' } });
    expect(ref.mode).toBe('logged-model');
    expect(ref.modelUri).toMatch(/^models:\/m-[0-9a-f]+$/);
    const model = await c.loggedModels.get(ref.modelId!);
    expect(model).toMatchObject({ status: 'LOGGED_MODEL_READY', sourceRunId: info.runId, name: 'classifier', modelType: 'msr', params: { max_depth: '5' } });
    expect((await c.runs.get(info.runId)).modelOutputs.map((o) => o.modelId)).toEqual([ref.modelId]);
    expect((await c.artifacts.listAt(model.artifactUri)).map((f) => f.path).sort()).toEqual(['MLmodel', 'model.json']);
    const mlmodel = parseMLmodel(new TextDecoder().decode(await c.artifacts.read(model.artifactUri, 'MLmodel')));
    expect(mlmodel).toMatchObject({ artifactPath: model.artifactUri, modelId: ref.modelId, modelUuid: ref.modelId, runId: info.runId, signature });

    const name = unique('msr');
    const version = await c.models.register(name, ref.modelUri);
    expect(version).toMatchObject({ version: '1', modelId: ref.modelId, runId: info.runId });
    await c.registry.setAlias(name, 'champion', '1');

    // MLflow's own Python API resolves and reads what we logged.
    const seen = (await runPython(
      servers.v3!,
      [
        'import json, mlflow',
        'from mlflow.models import Model',
        `m = Model.load("models:/${name}@champion")`,
        'print(json.dumps({"flavors": m.flavors, "run_id": m.run_id, "model_id": getattr(m, "model_id", None), "inputs": m.signature.inputs.input_names()}))',
      ].join('\n'),
      { MLFLOW_TRACKING_URI: servers.v3!.url },
    )) as Record<string, unknown>;
    expect(seen).toEqual({ flavors: { msr: { bundle: 'model.json' } }, run_id: info.runId, model_id: ref.modelId, inputs: ['danceability', 'energy', 'tempo'] });

    const out = await mkdtemp(join(tmpdir(), 'msr-load-'));
    const loaded = await c.models.download(`models:/${name}/1`, out);
    expect(JSON.parse(await readFile(join(loaded.dir, 'model.json'), 'utf8'))).toEqual({ version: 1, classifier: { trees: 250 } });
  });

  it('resolves runs:/<run>/<name> to the run\'s logged model, as MLflow 3.x does (issue 12, bug 1)', async () => {
    const c = createMlflowClient({ trackingUri: servers.v3!.url });
    const experimentId = await c.experiments.create(unique('models3-runs-uri'));
    const { info } = await c.runs.create({ experimentId });
    const other = await c.runs.create({ experimentId });
    // Another run's model of the same name must not be picked.
    await c.models.log(other.info.runId, { dir: await bundle(), name: 'classifier', flavor: { bundle: 'model.json' } });
    const ref = await c.models.log(info.runId, { dir: await bundle(), name: 'classifier', flavor: { bundle: 'model.json' } });
    expect((await c.artifacts.list(info.runId)).map((f) => f.path)).toEqual([]);

    const out = await mkdtemp(join(tmpdir(), 'msr-load-'));
    const loaded = await c.models.download(`runs:/${info.runId}/classifier`, out);
    expect(loaded.mlmodel).toMatchObject({ modelId: ref.modelId, runId: info.runId });
    expect(JSON.parse(await readFile(join(out, 'model.json'), 'utf8'))).toEqual({ version: 1, classifier: { trees: 250 } });
    expect(await c.models.resolve(`runs:/${info.runId}/classifier/model.json`)).toBe(`${(await c.loggedModels.get(ref.modelId!)).artifactUri}/model.json`);

    // Registering by the run URI links the version to the logged model, as register_model does.
    const name = unique('msr');
    expect(await c.models.register(name, `runs:/${info.runId}/classifier`)).toMatchObject({ version: '1', runId: info.runId, modelId: ref.modelId, source: ref.modelUri });
    // A run without such a model still fails with the typed error.
    await expect(c.models.download(`runs:/${info.runId}/missing`, await mkdtemp(join(tmpdir(), 'msr-load-')))).rejects.toMatchObject({ code: 'ERR_BAD_MLMODEL' });
  });

  it('can be forced to log the 2.x way on a 3.x server', async () => {
    const c = createMlflowClient({ trackingUri: servers.v3!.url });
    const experimentId = await c.experiments.create(unique('models3-forced'));
    const { info } = await c.runs.create({ experimentId });
    const ref = await c.models.log(info.runId, { dir: await bundle(), mode: 'run-artifacts' });
    expect(ref).toMatchObject({ mode: 'run-artifacts', modelUri: `runs:/${info.runId}/model`, modelId: undefined });
    expect((await c.artifacts.list(info.runId, 'model')).map((f) => f.path).sort()).toEqual(['model/MLmodel', 'model/model.json']);
  });
});

describe.skipIf(!servers.v2)(serverSuiteTitle('models on MLflow 2.x: run artifacts + runs/log-model', servers.v2, servers.skipReason), () => {
  it('falls back to run artifacts and runs/log-model after probing, and registers/loads by alias', async () => {
    const c = createMlflowClient({ trackingUri: servers.v2!.url });
    const experimentId = await c.experiments.create(unique('models2'));
    const { info } = await c.runs.create({ experimentId });
    expect(await c.models.supportsLoggedModels(experimentId)).toBe(false);
    const ref = await c.models.log(info.runId, { dir: await bundle(), flavor: { bundle: 'model.json' }, signature });
    expect(ref).toMatchObject({ mode: 'run-artifacts', modelUri: `runs:/${info.runId}/model` });
    expect((await c.artifacts.list(info.runId, 'model')).map((f) => f.path).sort()).toEqual(['model/MLmodel', 'model/model.json']);
    // The server recorded the model in the run, which is what the 2.x UI lists.
    const history = JSON.parse((await c.runs.get(info.runId)).data.tags['mlflow.log-model.history'] ?? '[]') as { artifact_path: string; flavors: object }[];
    expect(history.map((h) => [h.artifact_path, h.flavors])).toEqual([['model', { msr: { bundle: 'model.json' } }]]);

    const viaRun = await c.models.download(ref.modelUri, await mkdtemp(join(tmpdir(), 'msr-load-')));
    expect(viaRun.mlmodel).toMatchObject({ artifactPath: 'model', runId: info.runId });

    const name = unique('msr');
    const version = await c.models.register(name, ref.modelUri);
    expect(version).toMatchObject({ version: '1', runId: info.runId, source: `${info.artifactUri}/model` });
    await c.registry.setAlias(name, 'champion', version.version);
    const out = await mkdtemp(join(tmpdir(), 'msr-load-'));
    const loaded = await c.models.download(`models:/${name}@champion`, out);
    expect(loaded.mlmodel).toMatchObject({ artifactPath: 'model', runId: info.runId, flavors: { msr: { bundle: 'model.json' } } });

    const seen = (await runPython(
      servers.v2!,
      ['import json', 'from mlflow.models import Model', `m = Model.load("models:/${name}@champion")`, 'print(json.dumps({"flavors": m.flavors, "run_id": m.run_id}))'].join('\n'),
      { MLFLOW_TRACKING_URI: servers.v2!.url },
    )) as Record<string, unknown>;
    expect(seen).toEqual({ flavors: { msr: { bundle: 'model.json' } }, run_id: info.runId });
  });
});
