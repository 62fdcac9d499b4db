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
    globalSetup: ['packages/pipeline/test/mlflow-server.setup.ts', 'packages/pipeline/test/redis-server.setup.ts'],
  },
});
