/**
 * The production smoke test (`npm run test:production`, a step of `.ci/run` after `npm test`):
 * the image's build replayed in a clean folder, then the compiled server and two compiled
 * workers on a real redis-server and a real MLflow server. Separate from `npm test` because it
 * installs and builds the whole workspace again (minutes), which a developer's test run should
 * not pay for; CI runs both.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'production',
    root: '.',
    include: ['test/production/**/*.smoke.ts'],
    setupFiles: ['test/setup/no-console.ts'],
    environment: 'node',
    testTimeout: 20 * 60_000,
    hookTimeout: 10 * 60_000,
    // One MLflow 3.x server (not the pipeline's pair: the smoke test never calls 2.x) and a redis-server.
    globalSetup: ['test/production/mlflow-server.setup.ts', 'packages/pipeline/test/redis-server.setup.ts'],
  },
});
