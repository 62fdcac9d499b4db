/**
 * The local store writes MLflow's file-store layout: MLflow's own Python client (in the
 * provisioned venv) must read back exactly what we wrote.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LocalTrackingStore } from '../src/index.js';
import { mlflowServers, serverSuiteTitle } from './mlflow-server/servers.js';
import { runPython } from './python.js';

const servers = mlflowServers();

const READER = `
import json, math, sys, tempfile, os
from mlflow.tracking import MlflowClient
uri = sys.argv[1]
c = MlflowClient(tracking_uri=uri, registry_uri=uri)
e = c.get_experiment_by_name("music_clf")
runs = c.search_runs([e.experiment_id], order_by=["metrics.accuracy DESC"])
def num(v):
    return "NaN" if isinstance(v, float) and math.isnan(v) else v
out = {
  "experiment": {"id": e.experiment_id, "name": e.name, "tags": e.tags, "stage": e.lifecycle_stage},
  "runs": [],
}
for r in runs:
    rid = r.info.run_id
    d = tempfile.mkdtemp()
    local = c.download_artifacts(rid, "report/summary.txt", d) if r.info.run_name == "gbc-a" else None
    out["runs"].append({
      "id": rid, "name": r.info.run_name, "status": r.info.status, "start": r.info.start_time, "end": r.info.end_time,
      "params": r.data.params, "metrics": {k: num(v) for k, v in r.data.metrics.items()},
      "tags": {k: v for k, v in r.data.tags.items() if k != "mlflow.log-model.history"},
      "loss": [[m.step, m.value, m.timestamp] for m in c.get_metric_history(rid, "val/loss")],
      "artifacts": sorted(f.path for f in c.list_artifacts(rid)),
      "report": sorted(f.path for f in c.list_artifacts(rid, "report")),
      "summary": open(local).read() if local else None,
    })
mv = c.get_model_version_by_alias("msr-classifier", "champion")
out["champion"] = {"version": mv.version, "run_id": mv.run_id, "source": mv.source}
from mlflow.models import Model
m = Model.load(os.path.join(runs[0].info.artifact_uri.replace("file://", ""), "model"))
out["mlmodel"] = {"flavors": m.flavors, "run_id": m.run_id}
print(json.dumps(out))
`;

describe.skipIf(!servers.v3)(serverSuiteTitle("LocalTrackingStore read by MLflow's Python client", servers.v3, servers.skipReason), () => {
  it('reads experiments, runs, params, metrics with steps, tags, artifacts, models and aliases', async () => {
    const root = join(await mkdtemp(join(tmpdir(), 'msr-py-')), 'mlruns');
    const store = new LocalTrackingStore({ root });
    const experiment = await store.getOrCreateExperiment('music_clf', { tags: { project: 'msr' } });
    const files = await mkdtemp(join(tmpdir(), 'msr-py-files-'));
    await mkdir(join(files, 'report'), { recursive: true });
    await writeFile(join(files, 'report', 'summary.txt'), 'accuracy 0.93');
    await writeFile(join(files, 'model.json'), '{"v":1}');

    const runIds: string[] = [];
    for (const [name, accuracy] of [
      ['gbc-a', 0.93],
      ['gbc-b', 0.81],
    ] as const) {
      const run = await store.createRun({ experimentId: experiment.experimentId, runName: name, startTime: 1_700_000_000_000, tags: { genre_count: '10' } });
      runIds.push(run.info.runId);
      await store.logBatch(run.info.runId, {
        params: { learning_rate: '0.008', max_depth: 5 },
        metrics: [
          { key: 'accuracy', value: accuracy, timestamp: 1_700_000_000_100, step: 0 },
          ...[0, 1, 2].map((step) => ({ key: 'val/loss', value: 1 / (step + 1), timestamp: 1_700_000_000_000 + step, step })),
          { key: 'unstable', value: Number.NaN, timestamp: 1_700_000_000_200 },
        ],
      });
      await store.logArtifacts(run.info.runId, join(files, 'report'), 'report');
      await store.logModel(run.info.runId, { dir: files, flavor: { bundle: 'model.json' } });
      await store.endRun(run.info.runId, 'FINISHED', 1_700_000_001_000);
    }
    const version = await store.registerModel('msr-classifier', `runs:/${runIds[0]}/model`);
    await store.setModelAlias('msr-classifier', 'champion', version.version);

    // The store is also the default tracking URI: MLflow's registry resolves a version's run
    // through a default client, which otherwise is a new sqlite database in the cwd, created by
    // running every schema migration (40+ s of a loaded machine's time, issue 19).
    const uri = pathToFileURL(root).href;
    const result = (await runPython(servers.v3!, READER, { MLFLOW_ALLOW_FILE_STORE: 'true', MLFLOW_TRACKING_URI: uri }, [uri])) as {
      experiment: unknown;
      runs: Record<string, unknown>[];
      champion: unknown;
      mlmodel: unknown;
    };

    expect(result.experiment).toEqual({ id: experiment.experimentId, name: 'music_clf', tags: { project: 'msr' }, stage: 'active' });
    expect(result.runs.map((r) => r['name'])).toEqual(['gbc-a', 'gbc-b']);
    expect(result.runs[0]).toEqual({
      id: runIds[0],
      name: 'gbc-a',
      status: 'FINISHED',
      start: 1_700_000_000_000,
      end: 1_700_000_001_000,
      params: { learning_rate: '0.008', max_depth: '5' },
      metrics: { accuracy: 0.93, 'val/loss': 1 / 3, unstable: 'NaN' },
      tags: { genre_count: '10', 'mlflow.runName': 'gbc-a' },
      loss: [
        [0, 1, 1_700_000_000_000],
        [1, 0.5, 1_700_000_000_001],
        [2, 1 / 3, 1_700_000_000_002],
      ],
      artifacts: ['model', 'report'],
      report: ['report/summary.txt'],
      summary: 'accuracy 0.93',
    });
    // MLflow's file store reports versions as integers.
    expect(result.champion).toEqual({ version: 1, run_id: runIds[0], source: `runs:/${runIds[0]}/model` });
    expect(result.mlmodel).toEqual({ flavors: { msr: { bundle: 'model.json' } }, run_id: runIds[0] });
  });
});
