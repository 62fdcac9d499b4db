import type { StageGraph } from '../dag/graph.js';

/** A stage job and the stage jobs it waits for (its children in a BullMQ flow). */
export interface FlowNode {
  stage: string;
  children: FlowNode[];
}

/** Flows submitted together: every stage in them needs only stages of earlier waves, or its children. */
export interface FlowWave {
  /** One flow per root; a root is a stage no other stage of the wave waits for. */
  roots: FlowNode[];
  /** The wave's stages, in topological order. */
  stages: string[];
}

/**
 * Cuts a DAG into waves of BullMQ flows. A flow is a tree — a parent waits for its children,
 * and a job has one parent — so a stage that several stages need (a fork: the transformation
 * feeds both the classifier and the clustering) cannot sit under all of them without running
 * them one after the other. The edges are first reduced (an edge implied by a longer path is
 * dropped); then a wave takes, in topological order, every stage whose needs are done in earlier
 * waves or sit in this wave with no other stage needing them. A fork therefore ends its wave
 * and the stages after it start together in the next: for the msr pipeline, two flows —
 * ingestion ← validation ← transformation, then assembly ← (evaluation ← trainer, clustering).
 * Stages needed but not `selected` count as done.
 */
export function flowWaves(graph: StageGraph, selected: ReadonlySet<string>): FlowWave[] {
  const order = graph.order.filter((n) => selected.has(n));
  const needs = new Map<string, Set<string>>();
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    for (const u of graph.upstream.get(from) ?? []) {
      if (u === to) return true;
      if (!seen.has(u)) {
        seen.add(u);
        if (reaches(u, to, seen)) return true;
      }
    }
    return false;
  };
  for (const name of order) {
    const direct = [...(graph.upstream.get(name) ?? [])].filter((u) => selected.has(u));
    needs.set(name, new Set(direct.filter((u) => !direct.some((v) => v !== u && reaches(v, u)))));
  }
  const dependents = new Map<string, string[]>(order.map((n) => [n, []]));
  for (const [name, ups] of needs) for (const u of ups) dependents.get(u)!.push(name);

  const done = new Set<string>();
  const waves: FlowWave[] = [];
  let remaining = order;
  while (remaining.length > 0) {
    const inWave = new Set<string>();
    for (const name of remaining) {
      const ready = [...needs.get(name)!].every((u) => done.has(u) || (inWave.has(u) && dependents.get(u)!.length === 1));
      if (ready) inWave.add(name);
    }
    const nodes = new Map<string, FlowNode>([...inWave].map((n) => [n, { stage: n, children: [] }]));
    const roots: FlowNode[] = [];
    for (const name of inWave) {
      for (const u of needs.get(name)!) if (inWave.has(u)) nodes.get(name)!.children.push(nodes.get(u)!);
      const parent = dependents.get(name)!.find((d) => inWave.has(d));
      if (parent === undefined) roots.push(nodes.get(name)!);
    }
    waves.push({ roots, stages: [...inWave] });
    for (const n of inWave) done.add(n);
    remaining = remaining.filter((n) => !inWave.has(n));
  }
  return waves;
}
