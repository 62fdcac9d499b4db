/**
 * The test projects of the workspace, one per package. Vitest 4 reads projects from
 * `test.projects` in `vitest.config.ts` (the separate workspace file was removed in Vitest 4),
 * so this file holds the list and `vitest.config.ts` imports it; see
 * docs/decisions/0002-vitest-projects.md.
 */
import { defineProject, type TestProjectConfiguration } from 'vitest/config';

/** Resolve sibling packages to their TypeScript source, so tests need no prior build. */
const sourceCondition = ['@msr/source'];

function project(
  name: string,
  dir: string,
  extra: { testTimeout?: number; hookTimeout?: number; globalSetup?: string[] } = {},
): TestProjectConfiguration {
  return defineProject({
    resolve: { conditions: sourceCondition },
    ssr: { resolve: { conditions: sourceCondition, externalConditions: sourceCondition } },
    test: {
      name,
      root: dir,
      include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
      setupFiles: [new URL('./test/setup/no-console.ts', import.meta.url).pathname],
      environment: 'node',
      testTimeout: extra.testTimeout ?? 10_000,
      ...(extra.hookTimeout ? { hookTimeout: extra.hookTimeout } : {}),
      ...(extra.globalSetup ? { globalSetup: extra.globalSetup } : {}),
    },
  });
}

export const projects: TestProjectConfiguration[] = [
  project('core', 'packages/core'),
  project('io', 'packages/io'),
  // Real MLflow servers (3.x and 2.x), provisioned once per run; see packages/mlflow-client/test/mlflow-server.
  project('mlflow-client', 'packages/mlflow-client', {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/mlflow-server/global-setup.ts'],
  }),
  project('spotify', 'packages/spotify'),
  // One real MLflow 3.x server for the pipeline's tracking tests (venv shared with mlflow-client).
  // And one real Redis (Debian's redis-server) for the BullMQ runner; see packages/pipeline/test/redis.
  project('pipeline', 'packages/pipeline', { testTimeout: 60_000, hookTimeout: 60_000, globalSetup: ['test/mlflow-server.setup.ts', 'test/redis-server.setup.ts'] }),
  // The server's tests run against a real model: a small pipeline trained once per run.
  // And a real Redis for the instances that share rate limits and queues (issue 9).
  project('server', 'examples/server', { testTimeout: 30_000, globalSetup: ['test/support/global-setup.ts', '../../packages/pipeline/test/redis-server.setup.ts'] }),
  // The deployment files' tests lint with hadolint and the Compose parser from a PyPI venv.
  project('repo', '.', { testTimeout: 30_000, hookTimeout: 30_000, globalSetup: ['test/tools/global-setup.ts'] }),
];

export default projects;
