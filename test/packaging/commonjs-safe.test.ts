/**
 * The packages ship CommonJS builds too (`require('@msr/pipeline')`). tsup's CJS shim replaces
 * `import.meta.url` only; any other use of `import.meta` is left as is and makes the CJS file
 * a syntax error at load — `require('@msr/pipeline')` threw "Cannot use 'import.meta' outside
 * a module" (fit-in-worker.ts read `import.meta.resolve`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__fixtures__' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Uses of `import.meta` other than `import.meta.url`, as `line: text` (comment lines left out). */
export function nonUrlImportMeta(code: string): string[] {
  return code
    .split('\n')
    .map((line, i) => [i + 1, line.replace(/\/\/.*$/, '').replace(/^\s*(\/\*\*|\*).*$/, '')] as const)
    .filter(([, line]) => /\bimport\.meta\b(?!\.url\b)/.test(line))
    .map(([n, line]) => `${n}: ${line.trim()}`);
}

describe('CommonJS-safe package sources', () => {
  it('finds a use the shim does not cover (the check can fail)', () => {
    expect(nonUrlImportMeta("const r = (import.meta as { resolve?: unknown }).resolve;\nnew URL('.', import.meta.url);")).toEqual(['1: const r = (import.meta as { resolve?: unknown }).resolve;']);
  });

  it('use no import.meta but import.meta.url', () => {
    const packages = readdirSync(join(ROOT, 'packages'));
    const found = packages.flatMap((p) => sources(join(ROOT, 'packages', p, 'src')).flatMap((file) => nonUrlImportMeta(readFileSync(file, 'utf8')).map((hit) => `${relative(ROOT, file)}:${hit}`)));
    expect(found).toEqual([]);
  });
});
