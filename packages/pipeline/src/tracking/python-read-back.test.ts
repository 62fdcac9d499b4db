/**
 * Issue 12, "what MLflow users expect": MLflow's own Python client (the provisioned venv of
 * each real server, 3.x and 2.x) reads back what the pipeline tracked — the `mlflow.user`,
 * `mlflow.source.*` and git tags, the training loss per round as metric steps, the confusion
 * matrix and per-genre report artifacts, the registered version (linked to its logged model on
 * 3.x, whose params and metrics it carries) and the `champion` alias — both when tracked on the
 * server directly and when tracked locally and copied with `msr mlflow push`.
 */
import { SEED_GENRES } from '@msr/core';
import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../../../mlflow-client/test/python.js';
import { main } from '../cli/main.js';
import { classifierMetricsSchema } from '../models/artifacts.js';
import { pipelineRoot, type PipelineRoot } from '../pipeline/__fixtures__/pipeline-root.js';
import { runPipeline } from '../pipeline/run-pipeline.js';
import type { ModelAssemblyResult } from '../stages/model-assembly.js';
import { pipelineMlflowServers, type PipelineMlflowServer } from './__fixtures__/mlflow-servers.js';

const servers = pipelineMlflowServers();

/** Reads one evaluation run and one registered version with MLflow's `MlflowClient`; prints JSON. */
const READ_BACK = `
import json, sys, tempfile
from mlflow import MlflowClient
a = json.loads(sys.argv[1])
c = MlflowClient()
r = c.get_run(a["run"])
d = tempfile.mkdtemp()
out = {
  "user_id": r.info.user_id,
  "tags": {k: v for k, v in r.data.tags.items() if k.startswith(("mlflow.user", "mlflow.source", "msr."))},
  "params": r.data.params,
  "metrics": r.data.metrics,
  "train_loss": [[m.step, m.value] for m in sorted(c.get_metric_history(a["run"], "train_loss"), key=lambda m: m.step)],
  "artifacts": sorted(f.path for f in c.list_artifacts(a["run"])),
  "confusion_header": open(c.download_artifacts(a["run"], "confusion_matrix.csv", d)).readline().strip(),
  "report_classes": sorted(json.load(open(c.download_artifacts(a["run"], "classification_report.json", d)))["classes"]),
}
mv = c.get_model_version(a["model"], a["version"])
out["version"] = {"run_id": mv.run_id, "source": mv.source, "tags": mv.tags, "aliases": list(mv.aliases)}
if mv.source.startswith("models:/m-"):
    out["version"]["model_versions"] = json.loads(c.get_logged_model(mv.source[len("models:/"):]).tags.get("mlflow.modelVersions", "[]"))
out["champion"] = c.get_model_version_by_alias(a["model"], "champion").version
if hasattr(c, "search_logged_models"):
    models = [m for m in c.search_logged_models(experiment_ids=[r.info.experiment_id]) if m.source_run_id == a["run"]]
    out["logged"] = [{"params": m.params, "metrics": {x.key: x.value for x in (m.metrics or [])}} for m in models]
print(json.dumps(out))
`;

interface ReadBack {
  user_id: string;
  tags: Record<string, string>;
  params: Record<string, string>;
  metrics: Record<string, number>;
  train_loss: [number, number][];
  artifacts: string[];
  confusion_header: string;
  report_classes: string[];
  version: { run_id: string; source: string; tags: Record<string, string>; aliases: string[]; model_versions?: { name: string; version: string }[] };
  champion: string;
  logged?: { params: Record<string, string>; metrics: Record<string, number> }[];
}

const readBack = (server: PipelineMlflowServer, args: { run: string; model: string; version: string }): Promise<ReadBack> =>
  runPython(server, READ_BACK, { MLFLOW_TRACKING_URI: server.url }, [JSON.stringify(args)]) as Promise<ReadBack>;

/** Makes the root a git checkout with one commit; returns the commit. */
function gitCommit(root: string): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'msr', GIT_AUTHOR_EMAIL: 'msr@example.org', GIT_COMMITTER_NAME: 'msr', GIT_COMMITTER_EMAIL: 'msr@example.org' };
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, env, encoding: 'utf8' }).trim();
  git('init', '-q');
  git('add', 'config.yaml', 'quick-params.yaml');
  git('commit', '-qm', 'pipeline config');
  return git('rev-parse', 'HEAD');
}

function expectTracked(seen: ReadBack, expected: { user: string; commit: string; pipelineRunId: string; v3: boolean; model: string; version: string }): void {
  expect(seen.tags).toMatchObject({
    'mlflow.user': expected.user,
    'mlflow.source.name': 'msr',
    'mlflow.source.type': 'LOCAL',
    'mlflow.source.git.commit': expected.commit,
    'msr.pipeline_run_id': expected.pipelineRunId,
  });
  expect(seen.params).toMatchObject({ n_estimators: '20', learning_rate: '0.1', max_depth: '5' });
  expect(seen.metrics).toHaveProperty('accuracy');
  expect(seen.metrics).toHaveProperty('precision_jazz');
  // One point per boosting round, steps 1…20, the loss falling.
  expect(seen.train_loss.map(([step]) => step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  expect(seen.train_loss.at(-1)![1]).toBeLessThan(seen.train_loss[0]![1]);
  expect(seen.artifacts).toEqual(expect.arrayContaining(['classification_report.json', 'confusion_matrix.csv']));
  expect(seen.confusion_header).toBe(`true \\ predicted,${[...SEED_GENRES].sort().join(',')}`);
  expect(seen.report_classes).toEqual([...SEED_GENRES].sort());
  expect(seen.champion).toMatch(/^\d+$/);
  if (expected.v3) {
    // The version is made from its logged model, which lists it (as MLflow's register_model
    // records it); the classifier's logged model carries its params and metrics.
    expect(seen.version.source).toMatch(/^models:\/m-[0-9a-f]+$/);
    expect(seen.version.model_versions).toEqual([{ name: expected.model, version: expected.version }]);
    expect(seen.logged).toHaveLength(1);
    expect(seen.logged![0]!.params).toMatchObject({ n_estimators: '20', max_depth: '5' });
    expect(seen.logged![0]!.metrics['accuracy']).toBeCloseTo(seen.metrics['accuracy']!);
  } else {
    expect(seen.logged).toBeUndefined();
  }
}

describe.each([
  ['3.x', servers.v3],
  ['2.x', servers.v2],
] as const)("MLflow's Python client reads back what the pipeline tracked, on MLflow %s", (label, server) => {
  let fx: PipelineRoot;
  let commit: string;
  beforeAll(async () => {
    fx = await pipelineRoot(20);
    commit = gitCommit(fx.root);
  });
  afterAll(async () => {
    if (fx) await rm(fx.root, { recursive: true, force: true });
  });
  const title = (what: string): string => `${what}${server ? ` (MLflow ${server.version})` : ` — skipped: ${servers.skipReason ?? 'no server'}`}`;

  it.skipIf(!server)(title('tracked on the server'), async () => {
    const result = await runPipeline({ rootDir: fx.root, files: { config: fx.config, params: fx.quickParams }, tracking: { uri: server!.url }, user: 'ana' });
    const evaluation = classifierMetricsSchema.parse(JSON.parse(await readFile(join(fx.root, 'metrics/metrics.json'), 'utf8')));
    const tracked = (result.stages.find((s) => s.name === 'model_assembly')!.result as ModelAssemblyResult).tracked!;
    const registered = tracked.registered as { name: string; version: string };
    const seen = await readBack(server!, { run: evaluation.runId!, model: registered.name, version: registered.version });
    expectTracked(seen, { user: 'ana', commit, pipelineRunId: result.runId, v3: label === '3.x', model: registered.name, version: registered.version });
    expect(seen.user_id).toBe('ana');
    expect(seen.version.run_id).toBe(tracked.runId);
  });

  it.skipIf(!server)(title('tracked locally, then copied with msr mlflow push (runs, registered versions, aliases)'), async () => {
    const local = await pipelineRoot(20);
    try {
      const localCommit = gitCommit(local.root);
      const result = await runPipeline({ rootDir: local.root, files: { config: local.config, params: local.quickParams }, user: 'bo' });
      let out = '';
      const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => {} }, env: { MLFLOW_TRACKING_URI: server!.url }, cwd: local.root };
      expect(await main(['mlflow', 'push', '--config', local.config, '--json'], io)).toBe(0);
      const pushed = JSON.parse(out) as { runs: { experimentName: string; remoteRunId: string }[]; registry: { name: string; localVersion: string; remoteVersion: string; outcome: string; aliases: string[] }[] };
      expect(pushed.registry).toEqual([{ name: 'msr-recommender', localVersion: '1', remoteVersion: expect.stringMatching(/^\d+$/), outcome: 'pushed', aliases: ['champion'] }]);
      const remoteRun = pushed.runs.find((r) => r.experimentName === 'music_clf')!.remoteRunId;
      const version = pushed.registry[0]!.remoteVersion;
      const seen = await readBack(server!, { run: remoteRun, model: 'msr-recommender', version });
      // The local store has no logged models: on 3.x the push logs each model as one, linked to the version.
      expectTracked(seen, { user: 'bo', commit: localCommit, pipelineRunId: result.runId, v3: label === '3.x', model: 'msr-recommender', version });
      expect(seen.version.tags).toMatchObject({ 'msr.local_version': '1' });

      // Pushing again registers nothing new and points the alias at the same version.
      out = '';
      expect(await main(['mlflow', 'push', '--config', local.config, '--json'], io)).toBe(0);
      expect((JSON.parse(out) as typeof pushed).registry).toEqual([{ ...pushed.registry[0], outcome: 'skipped' }]);
    } finally {
      await rm(local.root, { recursive: true, force: true });
    }
  });
});
