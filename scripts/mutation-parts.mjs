/**
 * What `npm run test:mutation` mutates and tests, shared by stryker.config.mjs and
 * vitest.mutation.config.ts. `MSR_MUTATION_PARTS` is a comma-separated list of
 * `<project>/<folder>` (a vitest project of vitest.workspace.ts and a folder inside its package):
 * each part's source files are mutated and only its own tests run against the mutants.
 * @default 'core/src,pipeline/src/dag,pipeline/src/feed' — @msr/core and the pipeline's DAG and feed
 */
export const DEFAULT_PARTS = 'core/src,pipeline/src/dag,pipeline/src/feed';

const packageDirs = { core: 'packages/core', pipeline: 'packages/pipeline' };

/** @returns {{ project: string, packageDir: string, folder: string }[]} */
export function mutationParts(env = process.env) {
  return (env.MSR_MUTATION_PARTS || DEFAULT_PARTS).split(',').map((raw) => {
    const [project, ...rest] = raw.trim().split('/');
    const packageDir = packageDirs[project];
    if (!packageDir || rest.length === 0) throw new Error(`MSR_MUTATION_PARTS: "${raw}" is not <core|pipeline>/<folder>`);
    return { project, packageDir, folder: rest.join('/') };
  });
}
