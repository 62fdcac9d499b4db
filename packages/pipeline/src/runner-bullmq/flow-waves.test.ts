import { describe, expect, it } from 'vitest';
import { buildGraph } from '../dag/graph.js';
import type { StageDefinition } from '../dag/stage-definition.js';
import { ConfigurationManager } from '../config/configuration-manager.js';
import { coreModelKit } from '../models/core-model-kit.js';
import { pipelineStages } from '../pipeline/pipeline-stages.js';
import { flowWaves, type FlowNode } from './flow-waves.js';

const stage = (name: string, deps: string[], outs: string[]): StageDefinition => ({ name, deps: deps.map((d) => `/r/${d}`), outs: outs.map((o) => `/r/${o}`), run: async () => undefined });
const shape = (node: FlowNode): unknown => (node.children.length === 0 ? node.stage : { [node.stage]: node.children.map(shape) });

describe('flowWaves', () => {
  it('cuts the msr pipeline at the transformation (a fork) into two flows', async () => {
    const manager = await ConfigurationManager.load({ rootDir: '/tmp/msr-waves', createDirectories: false });
    const graph = buildGraph(pipelineStages(manager, { models: coreModelKit() }));
    const waves = flowWaves(graph, new Set(graph.order));
    expect(waves.map((w) => w.roots.map(shape))).toEqual([
      [{ data_transformation: [{ data_validation: ['data_ingestion'] }] }],
      [{ recommender_evaluation: [{ model_assembly: [{ model_evaluation: ['model_trainer'] }, 'clustering'] }] }],
    ]);
  });

  it('keeps a chain in one flow, starts independent stages together, and counts unselected stages as done', () => {
    const graph = buildGraph([stage('a', [], ['a']), stage('b', ['a'], ['b']), stage('c', ['b'], ['c']), stage('x', [], ['x'])]);
    expect(flowWaves(graph, new Set(graph.order)).map((w) => w.roots.map(shape))).toEqual([[{ c: [{ b: ['a'] }] }, 'x']]);
    expect(flowWaves(graph, new Set(['b', 'c'])).map((w) => w.roots.map(shape))).toEqual([[{ c: ['b'] }]]);
  });

  it('drops edges implied by longer paths and never puts a fork under two parents', () => {
    // a feeds b and c; d needs b, c and (implied) a.
    const graph = buildGraph([stage('a', [], ['a']), stage('b', ['a'], ['b']), stage('c', ['a'], ['c']), stage('d', ['a', 'b', 'c'], ['d'])]);
    const waves = flowWaves(graph, new Set(graph.order));
    expect(waves.map((w) => w.roots.map(shape))).toEqual([['a'], [{ d: ['b', 'c'] }]]);
    const seen = waves.flatMap((w) => w.stages);
    expect([...seen].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});
