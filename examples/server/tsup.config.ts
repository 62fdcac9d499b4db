import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

/**
 * The production build of the reference server: one ESM file per process entry in `dist/`, run
 * with plain `node` (no tsx, no TypeScript). Dependencies — the `@msr/*` packages included, which
 * resolve to their own `dist/` — stay external, so the image's `npm ci --omit=dev` provides them.
 * `dist/` sits one level under the package, as `src/` does, so `../assets/` and the
 * repository-relative paths of `main.js --quickstart` resolve the same from either.
 */
export default defineConfig({
  entry: {
    main: 'src/main.ts',
    'pipeline-worker': 'src/pipeline-worker.ts',
    'queue-worker': 'src/queue-worker.ts',
    healthcheck: 'src/healthcheck.ts',
  },
  format: ['esm'],
  platform: 'node',
  clean: true,
  sourcemap: libraryBuild.sourcemap,
  target: libraryBuild.target,
  tsconfig: libraryBuild.tsconfig,
});
