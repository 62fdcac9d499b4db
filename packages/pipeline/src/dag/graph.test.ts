/**
 * The DAG's edges and order, derived from the stages' files: exact results and the exact
 * refusals (the runner's tests reach this only through whole runs).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph, withUpstream } from './graph.js';
import type { StageDefinition } from './stage-definition.js';

const root = join('/', 'r');
const p = (...parts: string[]): string => join(root, ...parts);
const stage = (name: string, deps: string[], outs: string[], after?: string[]): StageDefinition => ({ name, deps, outs, ...(after ? { after } : {}), run: async () => undefined });

describe('buildGraph', () => {
  it('orders stages after what they read, through files, directories and after', () => {
    const graph = buildGraph([
      stage('report', [p('models', 'clf.json'), p('data')], [p('report.txt')]),
      stage('train', [p('data', 'x.csv')], [p('models', 'clf.json')]),
      stage('split', [p('raw.csv')], [p('data')]),
      stage('notify', [], [p('notified')], ['report']),
    ]);
    expect(graph.order).toEqual(['split', 'train', 'report', 'notify']);
    expect(Object.fromEntries([...graph.upstream].map(([k, v]) => [k, [...v].sort()]))).toEqual({
      report: ['split', 'train'], // reads a file train writes, and the directory split writes
      train: ['split'], // reads a file inside the directory split writes
      split: [],
      notify: ['report'],
    });
  });

  it('does not mistake a sibling with a common prefix for a path inside a directory', () => {
    const graph = buildGraph([stage('a', [], [p('data')]), stage('b', [p('data2', 'x.csv')], [p('out')])]);
    expect(graph.upstream.get('b')).toEqual(new Set());
    expect(graph.order).toEqual(['a', 'b']);
  });

  it('does not make a stage depend on itself when it reads what it writes', () => {
    expect(buildGraph([stage('a', [p('x')], [p('x')])]).upstream.get('a')).toEqual(new Set());
  });

  it('refuses duplicate names, overlapping outputs, unknown `after` names and cycles, naming them', () => {
    const refusal = (stages: StageDefinition[]) => {
      try {
        buildGraph(stages);
      } catch (error) {
        expect((error as { badInput?: unknown }).badInput, 'a refusal of the stages is bad input').toBe(true);
        return { code: (error as { code?: unknown }).code, message: (error as Error).message };
      }
      return undefined;
    };
    expect(refusal([stage('a', [], [p('x')]), stage('a', [], [p('y')])])).toEqual({ code: 'ERR_DAG', message: 'two stages are named "a"' });
    expect(refusal([stage('a', [], [p('x')]), stage('b', [], [p('x')])])).toEqual({ code: 'ERR_DAG', message: `stages "a" and "b" both write ${p('x')}` });
    expect(refusal([stage('a', [], [p('d')]), stage('b', [], [p('d', 'f')])])).toEqual({ code: 'ERR_DAG', message: `stages "a" and "b" both write ${p('d')} / ${p('d', 'f')}` });
    expect(refusal([stage('a', [], [p('d', 'f')]), stage('b', [], [p('d')])])?.code).toBe('ERR_DAG');
    expect(refusal([stage('a', [], [p('x')], ['ghost'])])).toEqual({ code: 'ERR_DAG', message: 'stage "a" runs after "ghost", which is not a stage' });
    expect(refusal([stage('a', [p('y')], [p('x')]), stage('b', [p('x')], [p('y')])])).toEqual({ code: 'ERR_DAG', message: 'the stages form a cycle: a → b → a' });
    expect(refusal([stage('a', [], [p('x')], ['a'])])).toEqual({ code: 'ERR_DAG', message: 'the stages form a cycle: a → a' });
    // One stage may write several paths, even one inside another, and distinct paths do not clash.
    expect(refusal([stage('a', [], [p('x'), p('y')]), stage('b', [], [p('z')])])).toBeUndefined();
    expect(refusal([stage('a', [], [p('d'), p('d', 'f')])])).toBeUndefined();
  });
});

describe('withUpstream', () => {
  const graph = buildGraph([
    stage('split', [], [p('data')]),
    stage('train', [p('data')], [p('model')]),
    stage('cluster', [p('data')], [p('clusters')]),
    stage('assemble', [p('model'), p('clusters')], [p('bundle')]),
  ]);

  it('adds every stage the targets need, transitively, and nothing else', () => {
    expect([...withUpstream(graph, ['train'])].sort()).toEqual(['split', 'train']);
    expect([...withUpstream(graph, ['assemble'])].sort()).toEqual(['assemble', 'cluster', 'split', 'train']);
    expect([...withUpstream(graph, [])]).toEqual([]);
  });

  it('refuses an unknown stage with the list of stages', () => {
    expect(() => withUpstream(graph, ['nope'])).toThrow(
      expect.objectContaining({ code: 'ERR_UNKNOWN_STAGE', badInput: true, message: 'no stage is named "nope"; stages: split, train, cluster, assemble' }),
    );
  });
});
