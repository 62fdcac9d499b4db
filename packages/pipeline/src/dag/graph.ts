import { sep } from 'node:path';
import { PipelineError } from '../errors/pipeline-error.js';
import type { StageDefinition } from './stage-definition.js';

/** The stages of a DAG with the edges derived from their files. */
export interface StageGraph {
  /** Stages by name, in topological order (each after everything it needs). */
  order: string[];
  /** For each stage, the stages it needs. */
  upstream: Map<string, Set<string>>;
}

/** Whether `inner` is `outer` or lies inside the directory `outer`. */
function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
}

/**
 * Derives the edges of a DAG — stage B needs stage A when B reads a path A writes (or a path
 * inside it, or a directory holding it), or names A in `after` — and orders it. Refuses
 * duplicate names, two stages writing the same path, unknown `after` names and cycles.
 */
export function buildGraph(stages: readonly StageDefinition[]): StageGraph {
  const byName = new Map<string, StageDefinition>();
  for (const stage of stages) {
    if (byName.has(stage.name)) throw new PipelineError('ERR_DAG', `two stages are named "${stage.name}"`, { badInput: true });
    byName.set(stage.name, stage);
  }
  const writer = new Map<string, string>();
  for (const stage of stages) {
    for (const out of stage.outs) {
      for (const [path, other] of writer) {
        if (other !== stage.name && (within(out, path) || within(path, out))) {
          throw new PipelineError('ERR_DAG', `stages "${other}" and "${stage.name}" both write ${out === path ? out : `${path} / ${out}`}`, { badInput: true });
        }
      }
      writer.set(out, stage.name);
    }
  }
  const upstream = new Map<string, Set<string>>();
  for (const stage of stages) {
    const needs = new Set<string>();
    for (const dep of stage.deps) {
      for (const [out, name] of writer) if (name !== stage.name && (within(dep, out) || within(out, dep))) needs.add(name);
    }
    for (const name of stage.after ?? []) {
      if (!byName.has(name)) throw new PipelineError('ERR_DAG', `stage "${stage.name}" runs after "${name}", which is not a stage`, { badInput: true });
      needs.add(name);
    }
    upstream.set(stage.name, needs);
  }
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new PipelineError('ERR_DAG', `the stages form a cycle: ${[...path, name].join(' → ')}`, { badInput: true });
    state.set(name, 'visiting');
    for (const dep of upstream.get(name)!) visit(dep, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const stage of stages) visit(stage.name, []);
  return { order, upstream };
}

/** `targets` and every stage they need, transitively. */
export function withUpstream(graph: StageGraph, targets: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const add = (name: string): void => {
    if (out.has(name)) return;
    const needs = graph.upstream.get(name);
    if (needs === undefined) throw new PipelineError('ERR_UNKNOWN_STAGE', `no stage is named "${name}"; stages: ${graph.order.join(', ')}`, { badInput: true });
    out.add(name);
    for (const dep of needs) add(dep);
  };
  for (const name of targets) add(name);
  return out;
}
