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

function only(name: string, folders: string[]): Project {
  const project = projects.find((p) => (p as Project).test?.name === name) as Project | undefined;
  if (!project?.test) throw new Error(`vitest.workspace.ts has no project ${name}`);
  const { globalSetup: _ignored, ...test } = project.test;
  return { ...project, test: { ...test, include: folders.map((f) => `${f}/**/*.test.ts`) } };
}

const byProject = new Map<string, string[]>();
for (const part of mutationParts()) byProject.set(part.project, [...(byProject.get(part.project) ?? []), part.folder]);

export default defineConfig({
  test: { projects: [...byProject].map(([name, folders]) => only(name, folders)) },
});
