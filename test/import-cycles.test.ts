/**
 * No runtime import cycles in the packages' sources. A cycle made `import '@msr/pipeline'`
 * throw "Cannot access 'initCommand' before initialization" (commands.ts ↔ init-command.ts)
 * depending on which module a user imported first. Type-only imports are erased, so they
 * do not count.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['packages/core/src', 'packages/io/src', 'packages/pipeline/src', 'packages/mlflow-client/src', 'packages/spotify/src', 'examples/server/src'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__fixtures__' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative modules a file imports at run time (`import type` / `export type` left out). */
export function runtimeImports(file: string, text: string): string[] {
  const out: string[] = [];
  const statement = /^(import|export)\s+(?!type\s)([^;]*?)\s+from\s+'(\.[^']+)'/gms;
  for (const m of text.matchAll(statement)) {
    const clause = m[2]!;
    // `import { type A, type B } from` is erased too.
    const names = /^\{([^}]*)\}$/.exec(clause.trim())?.[1];
    if (names !== undefined && names.split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '))) continue;
    out.push(resolve(dirname(file), m[3]!.replace(/\.js$/, '.ts')));
  }
  for (const m of text.matchAll(/^import\s+'(\.[^']+)'/gm)) out.push(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  return out;
}

function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'active');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'active') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('import cycles', () => {
  it('finds a cycle when there is one (the check can fail)', () => {
    const graph = new Map([
      ['/a.ts', runtimeImports('/a.ts', "import { b } from './b.js';\n")],
      ['/b.ts', runtimeImports('/b.ts', "import { a } from './a.js';\nimport type { C } from './c.js';\n")],
      ['/c.ts', runtimeImports('/c.ts', "import { type A } from './a.js';\n")],
    ]);
    expect(findCycles(graph)).toEqual([['/a.ts', '/b.ts', '/a.ts']]);
  });

  it('has none in the packages and the server', () => {
    const graph = new Map<string, string[]>();
    for (const dir of SOURCES) for (const file of sourceFiles(join(ROOT, dir))) graph.set(file, runtimeImports(file, readFileSync(file, 'utf8')));
    expect(graph.size).toBeGreaterThan(100);
    expect(findCycles(graph).map((c) => c.map((f) => relative(ROOT, f)).join(' → '))).toEqual([]);
  });
});
