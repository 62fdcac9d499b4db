/**
 * Every published package's subpath exports follow one pattern (decision 0940): the
 * `@msr/source` condition first, pointing at an existing `src/…/index.ts` (decision 0001);
 * then `import` and `require`, each with `types` first; the built files named after the
 * subpath; and each source entry is also a typedoc entry point, so the API docs cover it, under
 * the subpath's name (`@msr/pipeline/queue` is "queue", though its folder is `runner-bullmq`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const workspaces: string[] = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).workspaces;
const published = workspaces.filter((dir) => dir.startsWith('packages/'));

type Conditions = Record<string, unknown>;

/**
 * The name TypeDoc gives an entry point `src/<dir>/index.ts`: the name after `@module` in the
 * file's first comment, or else the folder's name (https://typedoc.org/tags/module).
 */
function typedocModuleName(entry: string): string {
  const first = /^\s*\/\*\*([\s\S]*?)\*\//.exec(readFileSync(entry, 'utf8'))?.[1] ?? '';
  return /@module[ \t]+(\S+)/.exec(first)?.[1] ?? basename(dirname(entry));
}

describe('package exports maps', () => {
  it('covers every package folder', () => {
    expect(published.sort()).toEqual(readdirSync(join(ROOT, 'packages')).map((name) => `packages/${name}`).sort());
  });

  for (const dir of published) {
    it(`${dir}: @msr/source first, types first, built files named after the subpath, documented`, () => {
      const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { exports: Record<string, string | Conditions> };
      const typedoc = JSON.parse(readFileSync(join(ROOT, dir, 'typedoc.json'), 'utf8')) as { entryPoints: string[] };
      for (const [subpath, target] of Object.entries(manifest.exports)) {
        if (subpath === './package.json') continue;
        const conditions = target as Conditions;
        expect(Object.keys(conditions), subpath).toEqual(['@msr/source', 'import', 'require']);
        const source = conditions['@msr/source'] as string;
        expect(existsSync(join(ROOT, dir, source)), `${subpath} → ${source}`).toBe(true);
        expect(source, subpath).toMatch(/^\.\/src\/(.+\/)?index\.ts$/);
        const name = subpath === '.' ? 'index' : `${subpath.slice(2)}/index`;
        expect(conditions['import'], subpath).toEqual({ types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` });
        expect(conditions['require'], subpath).toEqual({ types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` });
        expect(typedoc.entryPoints, subpath).toContain(source.slice(2));
        if (subpath !== '.') expect(typedocModuleName(join(ROOT, dir, source)), `${subpath}: the API docs' module name`).toBe(subpath.slice(2));
      }
    });
  }
});
