/**
 * The tests StrykerJS runs against the mutants (`npm run test:mutation`): for each part of
 * scripts/mutation-parts.mjs, its project's tests under the part's folder, without the global
 * setups (the DAG, feed and core tests need no MLflow or Redis). See
 * docs/decisions/0841-mutation-testing.md.
 */
import { defineConfig } from 'vitest/config';
import { mutationParts } from './scripts/mutation-parts.mjs';
import { projects } from './vitest.workspace.js';

type Project = Extract<(typeof projects)[number], { test?: unknown }>;

/**
 * `MSR_MUTATION_TESTS` (optional): comma-separated test file names without `.test.ts`; only those
 * of the parts' tests run. For source whose own fast tests pin it while slower tests beside it
 * also reach it (whole model fits, 20× slower under instrumentation): the score is then a lower
 * bound. See docs/decisions/1120-gradient-boosting-mutation-score.md.
 */
const testNames = (process.env.MSR_MUTATION_TESTS ?? '').split(',').map((t) => t.trim()).filter(Boolean);

function only(name: string, folders: string[]): Project {
  const project = projects.find((p) => (p as Project).test?.name === name) as Project | undefined;
  if (!project?.test) throw new Error(`vitest.workspace.ts has no project ${name}`);
  const { globalSetup: _ignored, ...test } = project.test;
  const include = folders.flatMap((f) => (testNames.length > 0 ? testNames.map((t) => `${f}/**/${t}.test.ts`) : [`${f}/**/*.test.ts`]));
  return { ...project, test: { ...test, include } };
}

const byProject = new Map<string, string[]>();
for (const part of mutationParts()) byProject.set(part.project, [...(byProject.get(part.project) ?? []), part.folder]);

export default defineConfig({
  test: { projects: [...byProject].map(([name, folders]) => only(name, folders)) },
});
