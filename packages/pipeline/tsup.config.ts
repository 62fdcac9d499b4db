import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

export default defineConfig([
  {
    ...libraryBuild,
    // One file per subpath export (package.json "exports").
    entry: { index: 'src/index.ts', 'cli/index': 'src/cli/index.ts', 'queue/index': 'src/runner-bullmq/index.ts' },
    // import.meta.url locates the shipped config/ directory, also from the CommonJS build.
    shims: true,
  },
  {
    // The `msr` executable (ESM only: top-level await; its shebang kept by esbuild) and the
    // classifier-fitting worker, which `dist/index.*` start from beside themselves.
    entry: { msr: 'src/bin.ts', 'fit-worker': 'src/models/fit-worker.ts' },
    format: ['esm'],
    sourcemap: libraryBuild.sourcemap,
    target: libraryBuild.target,
    tsconfig: libraryBuild.tsconfig,
  },
]);
