/**
 * Issue 13, target "adding a hyper-parameter touches ≤ 3 files, all in core": a fake
 * hyper-parameter is added to the gradient-boosting declarations (the one file a new one goes
 * in, with the model that reads it) and nothing else changes. The unmodified pipeline and server
 * then validate it at load, pass it to the model's options, log it to MLflow, and show it in the
 * admin form with its label, bounds and help.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { ConfigError } from '@msr/core';
import { ConfigurationManager, coreModelKit, runPipeline, type ClassifierParams, type ModelKit } from '@msr/pipeline';
import { LocalTrackingStore } from '@msr/mlflow-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pipelineRoot, type PipelineRoot } from '../../../packages/pipeline/src/pipeline/__fixtures__/pipeline-root.js';
import { jsonOf } from './support/json.js';
import { ADMIN, Client, makeTestApp } from './support/test-app.js';

// The only change: one declaration more, as a maintainer would add it to gradient-boosting-params.ts.
vi.mock('../../../packages/core/src/models/gradient-boosting/gradient-boosting-params.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../packages/core/src/models/gradient-boosting/gradient-boosting-params.js')>();
  const { intParameter } = await import('../../../packages/core/src/models/hyper-parameter.js');
  return {
    GRADIENT_BOOSTING_PARAMETERS: {
      ...original.GRADIENT_BOOSTING_PARAMETERS,
      leafShrink: intParameter({ yaml: 'leaf_shrink', option: 'leafShrink', label: 'Leaf shrink', help: 'A fake knob for this test.', default: 2, min: 1, max: 9 }),
    },
  };
});

let fx: PipelineRoot;
beforeAll(async () => {
  fx = await pipelineRoot(30);
});
afterAll(async () => {
  await rm(fx.root, { recursive: true, force: true });
});

/** The quick params.yaml with `leaf_shrink` set. */
async function paramsWith(value: number): Promise<string> {
  const file = `${fx.root}/params-leaf-${value}.yaml`;
  await writeFile(file, (await readFile(fx.quickParams, 'utf8')).replace('GradientBoostingClassifier:\n', `GradientBoostingClassifier:\n  leaf_shrink: ${value}\n`));
  return file;
}

describe('a hyper-parameter added to a model\'s declarations only', () => {
  it('is validated at load, before any stage runs, with the key named', async () => {
    const params = await paramsWith(12);
    const error = await ConfigurationManager.load({ rootDir: fx.root, files: { config: fx.config, params }, createDirectories: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    // The line the key sits on in the file as written (the shipped params.yaml's comments move it).
    const line = (await readFile(params, 'utf8')).split('\n').indexOf('  leaf_shrink: 12') + 1;
    expect(line).toBeGreaterThan(0);
    expect((error as ConfigError).issues).toEqual([expect.objectContaining({ file: params, path: ['GradientBoostingClassifier', 'leaf_shrink'], message: 'must be at most 9', line })]);
  });

  it('reaches the model options and MLflow through the unmodified pipeline', async () => {
    const created: ClassifierParams[] = [];
    const kit = coreModelKit({ fitInWorker: false });
    const models: ModelKit = { ...kit, classifier: { ...kit.classifier, create: (p) => (created.push(p), kit.classifier.create(p)) } };
    const result = await runPipeline({ rootDir: fx.root, files: { config: fx.config, params: await paramsWith(4) }, models });
    expect(result.ran).toContain('model_evaluation');
    expect(created[0]).toMatchObject({ leafShrink: 4, nEstimators: 20, learningRate: 0.1, randomState: 42 });

    const store = new LocalTrackingStore({ root: `${fx.root}/mlruns` });
    const experiment = await store.getExperimentByName('music_clf');
    const [run] = (await store.searchRuns({ experimentIds: [experiment!.experimentId] })).items;
    // Every declared key, the fake one included; the ones the file leaves out with the model's default.
    expect(run!.data.params).toEqual({
      learning_rate: '0.1',
      max_depth: '5',
      n_estimators: '20',
      random_state: '42',
      min_samples_leaf: '20', // in the shipped params.yaml since decision 0960's addendum
      subsample: '1',
      max_bins: '255',
      l2_regularization: '1', // the shipped params.yaml's values since decision 1000
      max_leaf_nodes: '31',
      validation_fraction: 'off',
      n_iter_no_change: 'off',
      leaf_shrink: '4',
      train_size: expect.stringMatching(/^\d+$/),
    });
  });

  it('shows in the admin form with its label, bounds and help, and the server refuses a value out of bounds', async () => {
    const t = await makeTestApp();
    try {
      const admin = new Client(t.app);
      expect((await admin.login(ADMIN.username, ADMIN.password)).status).toBe(200);
      const html = await (await admin.request('/admin/params')).text();
      expect(html).toContain('<span class="param-label">Leaf shrink</span> <code>GradientBoostingClassifier.leaf_shrink</code>');
      expect(html).toContain('name="GradientBoostingClassifier.leaf_shrink" value="" type="number" min="1" max="9" step="1"');
      expect(html).toContain('A fake knob for this test. (integer from 1 to 9)');
      const refused = await admin.form('/admin/params', { 'GradientBoostingClassifier.leaf_shrink': '12' });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('>Leaf shrink must be at most 9</p>');
      expect((await admin.form('/admin/params', { 'GradientBoostingClassifier.leaf_shrink': '3' })).status).toBe(303);
      expect((await jsonOf(await admin.request('/api/admin/params'))).params.GradientBoostingClassifier.leaf_shrink).toBe(3);
    } finally {
      await t.close();
    }
  });
});
