// Mutation testing for @msr/core and the pipeline's DAG and feed code: `npm run test:mutation`.
// Not part of `npm test` or CI's default run (too slow); see docs/decisions/0841-mutation-testing.md.
// One part at a time: `MSR_MUTATION_PARTS=core/src/metrics npm run test:mutation`.
import { mutationParts } from './scripts/mutation-parts.mjs';

const parts = mutationParts();
const name = process.env.MSR_MUTATION_PARTS ? parts.map((p) => `${p.project}-${p.folder.replace(/\//g, '-')}`).join('+') : 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    ...parts.map((p) => `${p.packageDir}/${p.folder}/**/*.ts`),
    '!**/*.test.ts',
    '!**/__fixtures__/**',
    // Re-exports only.
    '!packages/*/src/index.ts',
  ],
  // The machine is shared: two test runners at most (`--concurrency 1` for fewer).
  concurrency: 2,
  coverageAnalysis: 'perTest',
  timeoutMS: 30_000,
  dryRunTimeoutMinutes: 30,
  ignorePatterns: ['.cache', 'docs/api', 'mlruns', 'coverage', 'reports', '**/dist'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
